package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.api.Operation;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the door refuses before anything else sees a request (issue 21, items 3, 5, 6 and 7): text
 * that is not clean Unicode, bodies that are not strict UTF-8 JSON, callers of the wrong role, and
 * errors Vert.x itself produces; each refusal is problem+json and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputTest {
  private static final List<String> CALLERS = List.of("admin", "registrar", "reviewer", "holder", "exchange", "regulator");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private String base;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-strict-input");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    String[][] ids = {{"admin", "RegistryMSP", "admin"}, {"registrar", "RegistryMSP", "registrar"}, {"reviewer", "ReviewMSP", "reviewer"},
        {"holder", "EnterpriseMSP", "holder"}, {"exchange", "ExchangeMSP", "exchange"}, {"regulator", "RegulatorMSP", "regulator"},
        {"otheradmin", "EnterpriseMSP", "admin"}};
    for (String[] id : ids) {
      KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      tokens.put(id[0], Tokens.sign(ca.issueClient(id[1], id[2], id[0], keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
          Instant.now(), Duration.ofHours(1)));
    }
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir, clock,
        16 * 1024, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    assertThat(send("admin", "POST", "/api/v1/ledger/init", json("{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"door\",\"defaultProfile\":\"TJ-DIP\"}"),
        "application/json").statusCode()).isEqualTo(200);
    assertThat(send("admin", "POST", "/api/v1/roles", json("{\"role\":\"REGULATOR\",\"identity\":{\"msp\":\"RegulatorMSP\",\"id\":\"CN=regulator,OU=regulator\"}}"),
        "application/json").statusCode()).isEqualTo(200);
    assertThat(send("admin", "POST", "/api/v1/roles", json("{\"role\":\"REVIEWER\",\"identity\":{\"msp\":\"ReviewMSP\",\"id\":\"CN=reviewer,OU=reviewer\"}}"),
        "application/json").statusCode()).isEqualTo(200);
    assertThat(send("registrar", "POST", "/api/v1/accounts", json("{\"creditCodeHash\":\"" + "ab".repeat(32) + "\",\"name\":\"甲\",\"kind\":\"ENTERPRISE\","
        + "\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"CN=holder,OU=holder\"}]}"), "application/json").statusCode()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  /** One kind of text the door refuses, the body that carries it, and a word its refusal names it by. */
  record BadText(String kind, byte[] body, String named) {}

  private static List<BadText> badTexts() {
    return List.of(
        new BadText("lone high surrogate", json("{\"name\":\"a\\ud800b\"}"), "surrogate"),
        new BadText("lone low surrogate", json("{\"name\":\"a\\udc00b\"}"), "surrogate"),
        new BadText("NUL", json("{\"name\":\"a\\u0000b\"}"), "U+0000"),
        new BadText("overlong UTF-8", bytes("{\"name\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"}"), "UTF-8"),
        new BadText("invalid UTF-8 bytes", bytes("{\"name\":\"a", new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x28}, "b\"}"), "UTF-8"),
        new BadText("byte-order mark", bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"name\":\"ab\"}"), "byte-order mark"),
        new BadText("right-to-left override", json("{\"name\":\"a\u202Eb\"}"), "bidirectional"),
        new BadText("escaped first strong isolate", json("{\"name\":\"a\\u2068b\"}"), "bidirectional"));
  }

  @Test
  void every_route_refuses_each_kind_of_bad_text_with_a_problem_and_writes_nothing() throws Exception {
    List<String> unanswered = new ArrayList<>();
    for (Operation op : api.operations()) {
      String path = "/api/v1" + op.path().replaceAll("\\{[^}]+}", "X-1");
      List<String> callers = op.authenticated() ? CALLERS : java.util.Collections.singletonList(null);
      for (BadText bad : badTexts()) {
        long height = ledger.height();
        boolean named = false;
        for (String who : callers) {
          HttpResponse<String> r;
          try {
            r = send(who, op.method(), path, bad.body(), "application/json");
          } catch (HttpTimeoutException e) {
            unanswered.add(op.id() + " " + bad.kind());
            continue;
          }
          String what = op.id() + " by " + who + " with " + bad.kind() + ": " + r.body();
          assertThat(r.statusCode()).as(what).isBetween(400, 499);
          assertThat(r.headers().firstValue("content-type").orElse("")).as(what).startsWith("application/problem+json");
          assertThat(r.body()).as(what).doesNotContain("Exception");
          JsonNode problem = Json.mapper().readTree(r.body());
          named |= r.statusCode() == 400 && problem.path("detail").asText().contains(op.method().equals("GET") ? "takes no body" : bad.named());
        }
        assertThat(named).as("%s refuses %s with a 400 that says what is wrong", op.id(), bad.kind()).isTrue();
        assertThat(ledger.height()).as("%s with %s wrote to the ledger", op.id(), bad.kind()).isEqualTo(height);
      }
    }
    assertThat(unanswered).as("requests left unanswered").isEmpty();
  }

  @Test
  void a_lone_surrogate_sent_to_the_public_verify_route_is_answered_at_once() throws Exception {
    HttpResponse<String> r = send(null, "POST", "/api/v1/certificates/verify",
        json("{\"certificate\":{\"payload\":{\"certNo\":\"\\ud800\"}}}"), "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    assertThat(Json.mapper().readTree(r.body()).path("field").asText()).isEqualTo("certificate.payload.certNo");
  }

  @Test
  void bodies_declared_in_another_charset_or_led_by_a_byte_order_mark_are_refused() throws Exception {
    long height = ledger.height();
    byte[] account = ("{\"creditCodeHash\":\"" + "cd".repeat(32) + "\",\"name\":\"Caf\u00e9\",\"kind\":\"ENTERPRISE\",\"members\":[]}")
        .getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> latin1 = send("registrar", "POST", "/api/v1/accounts", account, "application/json; charset=iso-8859-1");
    assertThat(latin1.statusCode()).isEqualTo(415);
    assertThat(latin1.body()).contains("UTF-8").contains("iso-8859-1");
    HttpResponse<String> utf16 = send("registrar", "POST", "/api/v1/accounts", "{}".getBytes(StandardCharsets.UTF_16), "application/json");
    assertThat(utf16.statusCode()).isEqualTo(400);
    assertThat(utf16.body()).contains("byte-order mark");
    // The overlong form of '/' was once stored as '/'.
    HttpResponse<String> overlong = send("registrar", "POST", "/api/v1/accounts",
        bytes("{\"creditCodeHash\":\"" + "cd".repeat(32) + "\",\"name\":\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\",\"kind\":\"ENTERPRISE\",\"members\":[]}"),
        "application/json");
    assertThat(overlong.statusCode()).isEqualTo(400);
    assertThat(overlong.body()).contains("not valid UTF-8").contains("at byte 94");
    // Declared UTF-8, in any spelling, is taken.
    HttpResponse<String> declared = send("holder", "POST", "/api/v1/evidence",
        json("{\"algorithm\":\"SM3\",\"hash\":\"" + "ef".repeat(32) + "\",\"size\":1,\"channel\":\"dareg\"}"), "application/json; Charset=\"UTF-8\"");
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    assertThat(ledger.height()).isEqualTo(height + 1);
  }

  @Test
  void bidirectional_controls_in_a_name_are_refused_naming_the_field() throws Exception {
    long height = ledger.height();
    HttpResponse<String> r = send("registrar", "POST", "/api/v1/accounts",
        json("{\"creditCodeHash\":\"" + "ce".repeat(32) + "\",\"name\":\"甲\u202E司公乙\",\"kind\":\"ENTERPRISE\",\"members\":[]}"), "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode p = Json.mapper().readTree(r.body());
    assertThat(p.path("field").asText()).isEqualTo("name");
    assertThat(p.path("detail").asText()).contains("U+202E");
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void a_caller_of_the_wrong_role_is_refused_before_its_body_or_the_ledger_state_is_read() throws Exception {
    // A holder's badly formed review: 403, not the body rules.
    HttpResponse<String> review = send("holder", "POST", "/api/v1/registrations/DR-1/formal-review", json("{\"outcome\":\"MAYBE\"}"), "application/json");
    assertThat(review.statusCode()).as(review.body()).isEqualTo(403);
    // An exchange answering an objection that does not exist: 403, not 404.
    HttpResponse<String> answer = send("exchange", "POST", "/api/v1/objections/OB-1/answer", json("{\"documentHash\":\"" + "ab".repeat(32) + "\"}"),
        "application/json");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    // A registrar, a holder, another organisation's admin: none learns that the ledger is initialised.
    for (String who : List.of("registrar", "holder", "otheradmin")) {
      HttpResponse<String> init = send(who, "POST", "/api/v1/ledger/init",
          json("{\"registryMsp\":\"EnterpriseMSP\",\"registryName\":\"x\",\"defaultProfile\":\"TJ-DIP\"}"), "application/json");
      assertThat(init.statusCode()).as(who + ": " + init.body()).isEqualTo(403);
      assertThat(init.body()).doesNotContain("initialised by");
    }
    HttpResponse<String> again = send("admin", "POST", "/api/v1/ledger/init",
        json("{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"x\",\"defaultProfile\":\"TJ-DIP\"}"), "application/json");
    assertThat(again.statusCode()).isEqualTo(409);
    // The ledger's operator reads: a holder is refused before the query string is looked at.
    HttpResponse<String> auditLog = send("holder", "GET", "/api/v1/audit?limit=nope", null, null);
    assertThat(auditLog.statusCode()).isEqualTo(403);
  }

  @Test
  void errors_vertx_makes_itself_are_problems_too() throws Exception {
    Map<Integer, String> raw = new LinkedHashMap<>();
    raw.put(414, "GET /api/v1/" + "x".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
    raw.put(431, "GET /api/v1/whoami HTTP/1.1\r\nHost: a\r\nX-Big: " + "y".repeat(17 * 1024) + "\r\n\r\n");
    raw.put(400, "GET /api/v1/whoami HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n");
    int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    for (Map.Entry<Integer, String> e : raw.entrySet()) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(e.getValue().getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).as("%d", e.getKey()).matches("(?s)HTTP/1\\.[01] " + e.getKey() + " .*");
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as("%d", e.getKey()).contains("content-type: application/problem+json");
        assertThat(answer).as("%d", e.getKey()).contains("\"status\":" + e.getKey());
      }
    }
    HttpResponse<String> wrongMethod = send("holder", "DELETE", "/api/v1/whoami", null, null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    HttpResponse<String> tooLarge = send("holder", "POST", "/api/v1/evidence", json("{\"x\":\"" + "z".repeat(20_000) + "\"}"), "application/json");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
  }

  @Test
  void a_wrongly_typed_field_is_named_with_what_is_expected_and_no_library_internals() throws Exception {
    HttpResponse<String> nullSize = send("holder", "POST", "/api/v1/evidence",
        json("{\"algorithm\":\"SM3\",\"hash\":\"" + "ab".repeat(32) + "\",\"size\":null,\"channel\":\"dareg\"}"), "application/json");
    assertThat(nullSize.statusCode()).isEqualTo(400);
    JsonNode p = Json.mapper().readTree(nullSize.body());
    assertThat(p.path("field").asText()).isEqualTo("size");
    assertThat(p.path("detail").asText()).contains("size").contains("expected a whole number")
        .doesNotContain("`").doesNotContain("DeserializationConfig").doesNotContain("Cannot map");
    HttpResponse<String> deep = send("holder", "POST", "/api/v1/evidence", json("[".repeat(3000) + "]".repeat(3000)), "application/json");
    assertThat(deep.statusCode()).isEqualTo(400);
    assertThat(deep.body()).doesNotContain("StreamReadConstraints").doesNotContain("`").contains("nest");
    HttpResponse<String> broken = send("holder", "POST", "/api/v1/evidence", json("{\"algorithm\":"), "application/json");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).doesNotContain("Source").doesNotContain("REDACTED").contains("not well-formed JSON");
  }

  private HttpResponse<String> send(String who, String method, String path, byte[] body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    if (who != null) {
      b.header("Authorization", "Bearer " + tokens.get(who));
    }
    if (body != null) {
      b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
