package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Requests for every operation of the OpenAPI document, built from its schemas and then damaged
 * (wrong types, huge or control-laden strings, deep nesting, invalid UTF-8, duplicate keys,
 * out-of-range numbers, unknown enum values, path traversal): the gateway never answers 5xx, every
 * 4xx is problem+json, and the ledger does not move after any 4xx.
 */
class HostileInputPropertyTest {
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final List<String> ROLES = List.of("registrar", "holder", "reviewer", "exchange", "regulator");
  private static final AtomicInteger TRIED = new AtomicInteger();

  private static Vertx vertx;
  private static EmbeddedLedger ledger;
  private static ApiServer api;
  private static String base;
  private static final Map<String, String> TOKENS = new java.util.HashMap<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeContainer
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("dareg-hostile");
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    String[][] ids = {{"admin", "RegistryMSP", "admin"}, {"registrar", "RegistryMSP", "registrar"}, {"reviewer", "ReviewMSP", "reviewer"},
        {"holder", "EnterpriseMSP", "holder"}, {"exchange", "ExchangeMSP", "exchange"}, {"regulator", "RegulatorMSP", "regulator"}};
    for (String[] id : ids) {
      KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      // Long-lived tokens: the test runs longer than production's five minutes.
      TOKENS.put(id[0], Tokens.sign(ca.issueClient(id[1], id[2], id[0], keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(), Instant.now(), Duration.ofHours(1)));
    }
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofHours(2), Tokens.Replay.ALLOWED), ca, dir, clock, 16 * 1024, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    send("admin", "POST", "/api/v1/ledger/init", "{\"registryMsp\":\"RegistryMSP\",\"registryName\":\"fuzz\",\"defaultProfile\":\"TJ-DIP\"}".getBytes(StandardCharsets.UTF_8));
    send("registrar", "POST", "/api/v1/accounts", ("{\"creditCodeHash\":\"" + "ab".repeat(32) + "\",\"name\":\"甲\",\"kind\":\"ENTERPRISE\","
        + "\"members\":[{\"msp\":\"EnterpriseMSP\",\"id\":\"CN=holder,OU=holder\"}]}").getBytes(StandardCharsets.UTF_8));
  }

  @AfterContainer
  static void stop() {
    System.out.println("hostile input: " + TRIED.get() + " requests tried");
    api.close();
    vertx.close();
    ledger.close();
  }

  @Property(tries = 1500)
  void no_request_gets_a_5xx_and_no_4xx_writes(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    List<Operation> ops = api.operations();
    Operation op = ops.get(random.nextInt(ops.size()));
    String path = op.path();
    for (String p : op.pathParams()) {
      String value = pathValue(random);
      path = path.replace("{" + p + "}", value).replace("{" + p + "*}", value); // {p*}: a rest-of-path parameter
    }
    byte[] body = null;
    if (op.method().equals("POST")) {
      JsonNode schema = api.document().bodySchema(op);
      JsonNode value = schema == null ? N.objectNode() : generate(schema, random, 0);
      body = damage(value, random);
    }
    String who = random.nextInt(8) == 0 ? null : ROLES.get(random.nextInt(ROLES.size()));
    long before = ledger.height();
    HttpResponse<String> r = send(who, op.method(), "/api/v1" + path + (random.nextInt(10) == 0 ? "?holder=%00&status=%ff" : ""), body);
    TRIED.incrementAndGet();
    assertThat(r.statusCode()).as("%s %s -> %s", op.method(), path, r.body()).isLessThan(500);
    if (r.statusCode() >= 400) {
      assertThat(r.headers().firstValue("content-type").orElse("")).as(op.id()).startsWith("application/problem+json");
      assertThat(r.body()).doesNotContain("at io.dareg").doesNotContain("Exception");
      assertThat(ledger.height()).as("a %d for %s wrote to the ledger", r.statusCode(), op.id()).isEqualTo(before);
    }
  }

  private static String pathValue(Random random) {
    String[] values = {"DR-20260101-000000000000", "..%2F..%2Fetc%2Fpasswd", "%00", "x".repeat(300), "AC-1", "%E4%B8%AD", "%C3%28", "-", "CN=a,OU=b"};
    return values[random.nextInt(values.length)];
  }

  /** A value that fits {@code schema}, more or less. */
  private static JsonNode generate(JsonNode schema, Random random, int depth) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      return generate(api.document().component(ref.substring(ref.lastIndexOf('/') + 1)), random, depth + 1);
    }
    switch (schema.path("type").asText("")) {
      case "object":
        ObjectNode o = N.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          if (depth < 4 && random.nextInt(5) != 0) {
            o.set(p.getKey(), generate(p.getValue(), random, depth + 1));
          }
        }
        return o;
      case "array":
        ArrayNode a = N.arrayNode();
        int n = random.nextInt(3);
        for (int i = 0; i < n && depth < 4; i++) {
          a.add(generate(schema.path("items"), random, depth + 1));
        }
        return a;
      case "string":
        if (schema.has("enum")) {
          JsonNode e = schema.get("enum");
          return e.get(random.nextInt(e.size()));
        }
        String[] strings = {"ab".repeat(32), "2026-03-02", "2026-03-02T02:00:00Z", "信用评估", "x", "", "AC-20260302-000000000000"};
        return N.textNode(strings[random.nextInt(strings.length)]);
      case "integer":
        return N.numberNode(random.nextInt(1000));
      case "boolean":
        return N.booleanNode(random.nextBoolean());
      default:
        return N.objectNode();
    }
  }

  /** The body bytes, damaged in one of several ways (or not at all). */
  private static byte[] damage(JsonNode value, Random random) {
    switch (random.nextInt(12)) {
      case 0:
        return Json.canonical(value);
      case 1: // wrong types everywhere
        return Json.canonical(retype(value, random));
      case 2: { // a huge string
        ObjectNode o = value.isObject() ? ((ObjectNode) value).deepCopy() : N.objectNode();
        o.put("name", "长".repeat(random.nextInt(20_000)));
        return Json.canonical(o);
      }
      case 3: { // deep nesting
        StringBuilder b = new StringBuilder();
        int depth = 1000 + random.nextInt(5000);
        b.append("[".repeat(depth)).append("]".repeat(depth));
        return b.toString().getBytes(StandardCharsets.UTF_8);
      }
      case 4: { // invalid UTF-8
        byte[] v = Json.canonical(value);
        byte[] out = new byte[v.length + 2];
        System.arraycopy(v, 0, out, 0, v.length);
        if (v.length > 2) {
          out[v.length / 2] = (byte) 0xC3;
          out[v.length / 2 + 1] = (byte) 0x28;
        }
        return out;
      }
      case 5: { // duplicate keys
        String s = new String(Json.canonical(value), StandardCharsets.UTF_8);
        return s.startsWith("{\"") ? ("{\"a\":1,\"a\":2," + s.substring(1)).getBytes(StandardCharsets.UTF_8) : s.getBytes(StandardCharsets.UTF_8);
      }
      case 6: { // numbers out of range
        String s = new String(Json.canonical(value), StandardCharsets.UTF_8).replaceAll(":(\\d+)", ":1" + "9".repeat(40));
        return s.getBytes(StandardCharsets.UTF_8);
      }
      case 7: { // unknown enum values
        String s = new String(Json.canonical(value), StandardCharsets.UTF_8).replaceAll("\"(PASS|HOLDING|SM3|GENERAL|PLEDGE|DATASET)\"", "\"NOPE\"");
        return s.getBytes(StandardCharsets.UTF_8);
      }
      case 8: { // control characters and traversal in strings
        String s = new String(Json.canonical(value), StandardCharsets.UTF_8).replace("\"x\"", "\"../../\\u0000\\u001b[2J\"");
        return s.getBytes(StandardCharsets.UTF_8);
      }
      case 9:
        return "null".getBytes(StandardCharsets.UTF_8);
      case 10:
        return new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2};
      default: { // truncated
        byte[] v = Json.canonical(value);
        return java.util.Arrays.copyOf(v, Math.max(0, v.length - 1 - random.nextInt(Math.max(1, v.length))));
      }
    }
  }

  private static JsonNode retype(JsonNode v, Random random) {
    if (v.isObject()) {
      ObjectNode o = N.objectNode();
      v.fields().forEachRemaining(e -> o.set(e.getKey(), retype(e.getValue(), random)));
      return o;
    }
    if (v.isArray()) {
      return random.nextBoolean() ? N.textNode("not an array") : v;
    }
    if (v.isTextual()) {
      return random.nextBoolean() ? N.numberNode(7) : N.arrayNode().add(v);
    }
    if (v.isNumber()) {
      return random.nextBoolean() ? N.textNode("7") : N.numberNode(-1.5e300);
    }
    return N.textNode(v.toString());
  }

  private static HttpResponse<String> send(String who, String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (who != null) {
      b.header("Authorization", "Bearer " + TOKENS.get(who));
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

}
