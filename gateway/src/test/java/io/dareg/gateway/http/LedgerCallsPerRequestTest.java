package io.dareg.gateway.http;

import static io.dareg.gateway.TestRequests.account;
import static io.dareg.gateway.TestRequests.application;
import static io.dareg.gateway.TestRequests.h;
import static io.dareg.gateway.TestRequests.obj;
import static io.dareg.gateway.TestRequests.roleGrant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.chaincode.registry.Caller;
import io.dareg.core.api.Operation;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.ledger.Committed;
import io.dareg.gateway.ledger.ForwardingLedger;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 22, few ledger calls per request: the rules gather what a write needs (the caller's role,
 * the settings, certificate numbers, holders, evidence) inside its transaction, so a write over HTTP
 * is one call of the ledger (on Fabric, one round trip), and issuing a certificate is one read (the
 * payload to sign, composed by the rules) and one write. The ledger under the gateway counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerCallsPerRequestTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Path dir;
  private Vertx vertx;
  private EmbeddedLedger embedded;
  private CountingLedger ledger;
  private ApiServer api;
  private String base;
  /** The ledger calls of every successful write request, by operation: "submit tx" or "evaluate tx". */
  private final Map<String, List<String>> callsByWrite = new LinkedHashMap<>();

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-calls-test");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    String[][] ids = {
      {"admin", "RegistryMSP", "admin", "registry-admin"}, {"registrar", "RegistryMSP", "registrar", "registrar-1"},
      {"reviewer", "ReviewMSP", "reviewer", "reviewer-1"}, {"holder", "EnterpriseMSP", "holder", "alice"},
      {"holder2", "EnterpriseMSP", "holder", "bob"}, {"exchange", "ExchangeMSP", "exchange", "exchange-1"},
      {"regulator", "RegulatorMSP", "regulator", "regulator-1"}
    };
    for (String[] id : ids) {
      KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      tokens.put(id[0], Tokens.sign(ca.issueClient(id[1], id[2], id[3], keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(),
          Instant.now(), Duration.ofMinutes(5)));
    }
    vertx = Vertx.vertx();
    embedded = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ledger = new CountingLedger(embedded);
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.ALLOWED), ca, dir, clock,
        64 * 1024, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    embedded.close();
  }

  @Test
  void a_write_is_one_ledger_call_and_a_certificate_one_read_and_one_write() throws Exception {
    // Every kind of caller the door knows: an organisation's admin before and after initialisation, each role, a holder
    // with an account, several roles, no restriction; then the certificate.
    write("initLedger", "admin", "", obj().put("registryMsp", "RegistryMSP").put("registryName", "测试登记中心").put("defaultProfile", "TJ-DIP"));
    write("grantRole", "admin", "", roleGrant("ReviewMSP", "CN=reviewer-1,OU=reviewer", "REVIEWER"));
    write("grantRole", "admin", "", roleGrant("RegulatorMSP", "CN=regulator-1,OU=regulator", "REGULATOR"));
    String accountA = write("openAccount", "registrar", "", account("甲公司", "EnterpriseMSP", "CN=alice,OU=holder")).path("accountId").asText();
    String accountB = write("openAccount", "registrar", "", account("乙公司", "EnterpriseMSP", "CN=bob,OU=holder")).path("accountId").asText();
    String evidenceNo = write("depositEvidence", "holder", "", obj().put("algorithm", "SM3").put("hash", h("data")).put("size", 4)
        .put("channel", "dareg")).path("evidenceNo").asText();
    String regNo = write("submit", "holder", "", application(evidenceNo, "企业信用评估数据")).path("regNo").asText();
    String otherEvidence = write("depositEvidence", "holder", "", obj().put("algorithm", "SM3").put("hash", h("other data")).put("size", 10)
        .put("channel", "dareg")).path("evidenceNo").asText();
    ObjectNode withConfidential = application(otherEvidence, "企业信用评估数据");
    withConfidential.putObject("confidential").put("legalRepresentative", "张三");
    write("submit with confidential material", "submit", "holder", "", withConfidential);
    String reg = "/registrations/" + regNo;
    write("startFormalReview", "registrar", reg + "/formal-review/start", obj());
    write("formalReview", "registrar", reg + "/formal-review", obj().put("outcome", "PASS").put("opinionHash", h("ok")));
    write("substantiveReview", "reviewer", reg + "/substantive-review", obj().put("outcome", "PASS").put("opinionHash", h("ok")));
    JsonNode notice = write("publishNotice", "registrar", reg + "/notice", obj());
    String objectionNo = write("raiseObjection", "holder2", reg + "/objections", obj().put("kind", "GENERAL").put("groundsHash", h("g"))
        .put("evidenceHash", h("e"))).path("objectionNo").asText();
    write("resolveObjection", "registrar", "/objections/" + objectionNo + "/resolution", obj().put("outcome", "DISMISSED")
        .put("outcomeHash", h("d")));
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    write("issue", "registrar", reg + "/issue", obj());
    String certNo = write("issueCertificate", "registrar", reg + "/certificates", obj()).path("payload").path("certNo").asText();
    assertThat(certNo).isEqualTo(regNo + "-C01");
    write("recordListingCheck", "exchange", reg + "/listing-checks", obj());
    write("recordListingCheck", "regulator", reg + "/listing-checks", obj());
    write("suspend", "regulator", reg + "/suspension", obj().put("reason", "checking"));
    write("resume", "registrar", reg + "/resumption", obj().put("reason", "checked"));
    write("proposeTransfer", "holder", reg + "/transfers", obj().put("to", accountB).put("documentHash", h("t")));
    write("sweep", "registrar", "/ledger/sweep", obj());

    // The rules compose the payload to sign (one read) and check the signed one against the state (one write).
    assertThat(callsByWrite.remove("issueCertificate")).as("issueCertificate")
        .containsExactly("evaluate prepareCertificate", "submit recordCertificate");
    // The gateway stores confidential material before the transaction runs: only for a caller the table admits.
    assertThat(callsByWrite.remove("submit with confidential material")).as("submit with confidential material")
        .containsExactly("evaluate whoAmI", "submit submit");
    // The sweep's rules also admit the gateway's own service identity, which the table does not: the door checks the table.
    assertThat(callsByWrite.remove("sweep")).as("sweep").containsExactly("evaluate whoAmI", "submit sweep");
    assertThat(callsByWrite).hasSizeGreaterThan(15);
    callsByWrite.forEach((op, calls) -> assertThat(calls).as(op).containsExactly("submit " + op));
  }

  /** POSTs a write, requires it to succeed, and notes the ledger calls it made. */
  private JsonNode write(String opId, String who, String path, ObjectNode body) throws Exception {
    return write(opId, opId, who, path, body);
  }

  /** POSTs a write, requires it to succeed, and notes the ledger calls it made under {@code key}. */
  private JsonNode write(String key, String opId, String who, String path, ObjectNode body) throws Exception {
    Operation op = api.operations().stream().filter(o -> o.id().equals(opId)).findFirst().orElseThrow();
    String target = path.isEmpty() ? op.path() : path;
    ledger.calls.clear();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1" + target)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + tokens.get(who)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(opId + " by " + who + ": " + r.body()).isBetween(200, 201);
    List<String> calls = List.copyOf(ledger.calls);
    List<String> before = callsByWrite.putIfAbsent(key, calls);
    if (before != null && before.size() < calls.size()) {
      callsByWrite.put(key, calls);
    }
    return Json.mapper().readTree(r.body());
  }

  /** The ledger under the gateway, noting each submit and evaluate by transaction. */
  private static final class CountingLedger extends ForwardingLedger {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    CountingLedger(Ledger ledger) {
      super(ledger);
    }

    @Override
    public CompletableFuture<Committed> submit(Caller caller, String transaction, String argsJson) {
      calls.add("submit " + transaction);
      return ledger.submit(caller, transaction, argsJson);
    }

    @Override
    public CompletableFuture<String> evaluate(Caller caller, String transaction, String argsJson) {
      calls.add("evaluate " + transaction);
      return ledger.evaluate(caller, transaction, argsJson);
    }
  }
}
