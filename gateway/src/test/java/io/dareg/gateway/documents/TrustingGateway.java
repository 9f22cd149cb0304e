package io.dareg.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.act.RequestSigner;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.TrustedRoot;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A gateway over an embedded ledger initialised with trusted roots, as ledgers are since issue 23:
 * it takes each write only as its author's signed request. The ledger's clock is the test's, and
 * the gateway serves it as the dev clock so that the page signs at the ledger's time. The set-up's
 * own writes are signed here with core's RequestSigner; reads carry tokens.
 */
final class TrustingGateway implements AutoCloseable {
  static final String LEDGER = "dareg:RegistryMSP:console-test";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, KeyPair> keys = new HashMap<>();
  private final Map<String, X509Certificate> certificates = new HashMap<>();
  private final Vertx vertx = Vertx.vertx();
  private final CertificateAuthority ca;
  private final EmbeddedLedger ledger;
  private final ApiServer api;
  private final String base;
  private final String ledgerId;

  TrustingGateway() throws Exception {
    this(null, "RegistryMSP", LEDGER);
  }

  /**
   * A ledger whose first registry is {@code registryCode} (null: DR) of organisation {@code registryMsp}
   * (its admin and registrar), with its own CA: a peer ledger, for the checks between ledgers of issue 25.
   */
  TrustingGateway(String registryCode, String registryMsp, String ledgerId) throws Exception {
    this.ledgerId = ledgerId;
    Path dir = Files.createTempDirectory("dareg-console-signed");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures signatures = new Signatures(new BouncyCastleProvider());
    String[][] ids = {
      {"admin", registryMsp, "admin", "registry-admin"}, {"registrar", registryMsp, "registrar", "registrar-1"},
      {"reviewer", "ReviewMSP", "reviewer", "reviewer-1"}, {"holder", "EnterpriseMSP", "holder", "alice"},
      // issue 25: a second registry's organisation, and an exchange that checks listings against either.
      {"admin2", "Registry2MSP", "admin", "admin2"}, {"exchange", "ExchangeMSP", "exchange", "exchange-1"}
    };
    for (String[] id : ids) {
      KeyPair pair = signatures.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      keys.put(id[0], pair);
      certificates.put(id[0], ca.issueClient(id[1], id[2], id[3], pair.getPublic(), Duration.ofDays(3650)));
    }
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    Map<String, Handler<RoutingContext>> devClock = Map.of(
        "getDevClock", ctx -> ctx.response().putHeader("content-type", "application/json")
            .end(Json.mapper().createObjectNode().put("now", clock.instant().toString()).toString()),
        "advanceDevClock", ctx -> ctx.fail(404));
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock,
        1 << 20, Operations.dev(), devClock);
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();

    // One CA serves every organisation here: the ledger takes an author's organisation from the O it names.
    ObjectNode init = Json.mapper().createObjectNode().put("registryMsp", registryMsp).put("registryName", "天津数据资产登记中心")
        .put("defaultProfile", "TJ-DIP").put("ledgerId", ledgerId);
    if (registryCode != null) {
      init.put("registryCode", registryCode);
    }
    for (String msp : List.of(registryMsp, "ReviewMSP", "EnterpriseMSP", "Registry2MSP", "ExchangeMSP")) {
      init.withArray("trustedRoots").add(Json.mapper().valueToTree(TrustedRoot.of(msp, ca.root())));
    }
    post("admin", "initLedger", "/ledger/init", init);
    ObjectNode grant = Json.mapper().createObjectNode().put("role", "REVIEWER");
    grant.putObject("identity").put("msp", "ReviewMSP").put("id", "CN=reviewer-1,OU=reviewer");
    post("admin", "grantRole", "/roles", grant);
    ObjectNode account = Json.mapper().createObjectNode().put("creditCodeHash", RunningGateway.h("code alice")).put("name", "甲数据科技有限公司")
        .put("kind", "ENTERPRISE");
    account.putArray("members").addObject().put("msp", "EnterpriseMSP").put("id", "CN=alice,OU=holder");
    post("registrar", "openAccount", "/accounts", account);
  }

  /**
   * The holder's application at {@code registry} (null: the first) resting on evidence of {@code text}'s
   * hash; answers the registration as submitted.
   */
  JsonNode submitted(String text, String registry) throws Exception {
    return submitted("holder", text, registry);
  }

  /** As {@link #submitted(String, String)}, deposited and applied for by {@code who} (a holder of the account). */
  JsonNode submitted(String who, String text, String registry) throws Exception {
    ObjectNode evidence = Json.mapper().createObjectNode().put("algorithm", "SM3").put("hash", RunningGateway.h(text)).put("size", text.length())
        .put("channel", "dareg");
    ObjectNode application = RunningGateway.application(post(who, "depositEvidence", "/evidence", evidence).path("evidenceNo").asText());
    if (registry != null) {
      application.put("registry", registry);
    }
    return post(who, "submit", "/registrations", application);
  }

  /**
   * A further identity {@code who} of this ledger's CA for the existing user {@code user} of {@code msp} with role {@code role}
   * (the same name, so the same member of its account), its key of {@code algorithm}: an author who signs with SM2.
   */
  void newKey(String who, String msp, String role, String user, SignatureAlgorithm algorithm) {
    KeyPair pair = new Signatures(new BouncyCastleProvider()).generate(algorithm);
    keys.put(who, pair);
    certificates.put(who, ca.issueClient(msp, role, user, pair.getPublic(), Duration.ofDays(3650)));
  }

  /** The holder's registration of {@code text}'s data at the first registry, reviewed, issued, with its certificate; answers its number. */
  String issued(String text) throws Exception {
    String regNo = submitted(text, null).path("regNo").asText();
    act("registrar", "startFormalReview", regNo, "/formal-review/start", null);
    act("registrar", "formalReview", regNo, "/formal-review", Json.mapper().createObjectNode().put("outcome", "PASS").put("opinionHash", RunningGateway.h("ok")));
    act("reviewer", "substantiveReview", regNo, "/substantive-review",
        Json.mapper().createObjectNode().put("outcome", "PASS").put("opinionHash", RunningGateway.h("authentic")));
    JsonNode notice = act("registrar", "publishNotice", regNo, "/notice", null);
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    act("registrar", "issue", regNo, "/issue", null);
    act("registrar", "issueCertificate", regNo, "/certificates", null);
    return regNo;
  }

  /** {@code who}'s signed {@code operation} on registration {@code regNo} (POST /registrations/{regNo}{@code tail}). */
  private JsonNode act(String who, String operation, String regNo, String tail, ObjectNode arguments) throws Exception {
    ObjectNode args = arguments == null ? Json.mapper().createObjectNode() : arguments;
    return post(who, operation, "/registrations/" + regNo + tail, args.put("regNo", regNo));
  }

  String base() {
    return base;
  }

  X509Certificate root() {
    return ca.root();
  }

  Instant now() {
    return clock.instant();
  }

  void at(Instant t) {
    clock.set(t);
  }

  /** {@code who}'s cert.pem and key.pem in a new directory. */
  Path identity(String who) throws Exception {
    return RunningGateway.identity(who, certificates.get(who), keys.get(who));
  }

  /** A read of /api/v1 + {@code path} as {@code who}, with a token. */
  JsonNode get(String who, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + Tokens.sign(certificates.get(who), keys.get(who).getPrivate(), Instant.now(), Duration.ofMinutes(2)))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  /** The body of a GET of {@code path} without a token (a public route, e.g. a registered-hash voucher). */
  byte[] publicGet(String path) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
    return r.body();
  }

  /** The body of a read of /api/v1 + {@code path} as {@code who}, as the gateway sent it (a voucher to hand in elsewhere). */
  String text(String who, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + Tokens.sign(certificates.get(who), keys.get(who).getPrivate(), Instant.now(), Duration.ofMinutes(2)))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** A write as {@code who}'s signed request for {@code operation}, with no token. */
  JsonNode post(String who, String operation, String path, ObjectNode arguments) throws Exception {
    return postTo(this, who, operation, path, arguments);
  }

  /** A write to {@code other}'s ledger as {@code who} of this one (a peer registry's admin signing its part there). */
  JsonNode postTo(TrustingGateway other, String who, String operation, String path, ObjectNode arguments) throws Exception {
    SignedRequest signed = new RequestSigner(certificates.get(who), keys.get(who).getPrivate(), other.ledgerId, other.clock).sign(operation, arguments);
    HttpRequest request = HttpRequest.newBuilder(URI.create(other.base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.serialize(signed.toJson()))).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }

  @Override
  public void close() {
    api.close();
    vertx.close();
    ledger.close();
  }
}
