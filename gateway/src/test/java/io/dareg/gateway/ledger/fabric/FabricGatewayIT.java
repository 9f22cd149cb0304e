package io.dareg.gateway.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API on a real Fabric network: the registration story from evidence to a verified
 * certificate, a transaction endorsed by one organisation only, and a chaincode outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricGatewayIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
  private FabricNetwork net;
  private Path dir;
  private Vertx vertx;
  private io.dareg.gateway.ledger.Ledger ledger;
  private ApiServer api;
  private String base;
  // The exchange organisation's own gateway, on its own peer, for the exchange's users.
  private io.dareg.gateway.ledger.Ledger exchangeLedger;
  private ApiServer exchangeApi;
  private String exchangeBase;

  record Reply(int status, JsonNode body) {}

  @BeforeAll
  void start() throws Exception {
    net = FabricNetwork.get();
    dir = Files.createTempDirectory("dareg-fabric-it");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    FabricSettings settings = net.settings("registry");
    List<X509Certificate> roots = new ArrayList<>(List.of(ca.root()));
    for (Path root : settings.tokenRoots()) {
      roots.add(CertificateAuthority.readCertificate(root));
    }
    vertx = Vertx.vertx();
    ledger = net.ledger("registry", clock);
    api = new ApiServer(vertx, ledger, new Tokens(roots, Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
    exchangeLedger = net.ledger("exchange", clock);
    exchangeApi = new ApiServer(vertx, exchangeLedger, new Tokens(roots, Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca,
        Files.createDirectories(dir.resolve("exchange")), clock, 1 << 20, List.of(), Map.of());
    exchangeBase = "http://127.0.0.1:" + exchangeApi.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join() + "/api/v1";
    if (call("GET", "/settings", "registry-admin", null).status() != 200) {
      // issue 23: the network's one ledger trusts the shared authority's roots (FabricLedgerIT initialises it alike)
      ObjectNode init = obj().put("registryMsp", "RegistryMSP").put("registryName", "测试登记中心").put("defaultProfile", "TJ-DIP")
          .put("ledgerId", io.dareg.gateway.ledger.LedgerContractTest.LEDGER_ID);
      init.set("trustedRoots", Json.mapper().valueToTree(FabricNetwork.AUTHORITY.roots()));
      ok(call("POST", "/ledger/init", "registry-admin", init));
    }
    account("holder-demo", "甲公司");
    account("buyer-demo", "乙公司");
  }

  /** The user's holder account, opened by the registrar if it has none. */
  private String account(String user, String name) throws Exception {
    JsonNode me = ok(call("GET", "/whoami", user, null));
    if (me.hasNonNull("accountId")) {
      return me.get("accountId").asText();
    }
    ObjectNode a = obj().put("creditCodeHash", h(user)).put("name", name).put("kind", "ENTERPRISE");
    a.putArray("members").addObject().put("msp", "RegistryMSP").put("id", "CN=" + user + ",OU=holder");
    return ok(call("POST", "/accounts", "registrar", a)).path("accountId").asText();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      exchangeApi.close();
      api.close();
      vertx.close();
      exchangeLedger.close();
      ledger.close();
    }
  }

  /** Evidence, application, both reviews, the notice, the notice period passing, issue. */
  private String issuedRegistration(String data) throws Exception {
    String ev = evidence(data + " " + System.nanoTime());
    String regNo = ok(call("POST", "/registrations", "holder-demo", application(ev))).path("regNo").asText();
    ok(call("POST", "/registrations/" + regNo + "/formal-review/start", "registrar", obj()));
    ok(call("POST", "/registrations/" + regNo + "/formal-review", "registrar", obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    ok(call("POST", "/registrations/" + regNo + "/substantive-review", "reviewer", obj().put("outcome", "PASS").put("opinionHash", h("authentic"))));
    JsonNode notice = ok(call("POST", "/registrations/" + regNo + "/notice", "registrar", obj()));
    assertThat(ok(call("GET", "/public/notices", null, null)).toString()).contains(regNo);
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    Reply issued = call("POST", "/registrations/" + regNo + "/issue", "registrar", obj());
    assertThat(ok(issued).path("status").asText()).isEqualTo("ISSUED");
    return regNo;
  }

  @Test
  void an_asset_is_registered_and_its_certificate_verifies_on_fabric() throws Exception {
    String regNo = issuedRegistration("fabric story");
    JsonNode cert = ok(call("POST", "/registrations/" + regNo + "/certificates", "registrar", obj()));
    String certNo = cert.path("payload").path("certNo").asText();
    JsonNode fetched = ok(call("GET", "/certificates/" + certNo, null, null));
    ObjectNode verify = obj();
    verify.set("certificate", fetched);
    JsonNode report = ok(call("POST", "/certificates/verify", null, verify));
    assertThat(report.path("valid").asBoolean()).as(report.toString()).isTrue();
    JsonNode history = ok(call("GET", "/registrations/" + regNo + "/history", "regulator", null));
    assertThat(history).extracting(e -> e.path("registration").path("status").asText())
        .containsSubsequence("SUBMITTED", "FORMAL_REVIEW", "SUBSTANTIVE_REVIEW", "PUBLIC_NOTICE", "ISSUED");
    assertThat(call("POST", "/registrations/" + regNo + "/issue", "holder-demo", obj()).status()).isEqualTo(403);
  }

  @Test
  void a_transaction_endorsed_by_one_organisation_is_rejected_at_commit() throws Exception {
    FabricSettings s = net.settings("registry");
    ManagedChannel channel = Grpc.newChannelBuilder(s.peerEndpoint(),
        TlsChannelCredentials.newBuilder().trustManager(s.peerTlsRoot().toFile()).build())
        .overrideAuthority(s.peerHostOverride()).build();
    // issue 23: the holder's own signed request, at the real time the Fabric client stamps on its proposal (the peers told so)
    Instant now = Instant.now();
    net.setPeerTime(now);
    String request = FabricNetwork.author(net.caller("registry", "holder-demo")).sign(io.dareg.gateway.ledger.LedgerContractTest.LEDGER_ID,
        "depositEvidence", "{\"algorithm\":\"SM3\",\"channel\":\"dareg\",\"hash\":\"" + h("one org " + System.nanoTime()) + "\",\"size\":1}",
        now);
    try (Gateway g = Gateway.newInstance().identity(new X509Identity("RegistryMSP", net.certificate("registry", "holder-demo")))
        .signer(Signers.newPrivateKeySigner(net.key("registry", "holder-demo"))).hash(Hash.SHA256).connection(channel).connect()) {
      Contract contract = g.getNetwork(s.channel()).getContract(s.chaincode());
      SubmittedTransaction tx = contract.newProposal("depositEvidence").addArguments(request)
          .setEndorsingOrganizations("RegistryMSP").build().endorse().submitAsync();
      Status status = tx.getStatus();
      assertThat(status.isSuccessful()).isFalse();
      assertThat(status.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
      String evidenceNo = Json.mapper().readTree(tx.getResult()).path("evidenceNo").asText();
      assertThat(evidenceNo).startsWith("EV-");
      assertThat(call("GET", "/evidence/" + evidenceNo, "holder-demo", null).status()).isEqualTo(404);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void a_chaincode_outage_answers_503_and_loses_nothing_committed() throws Exception {
    String before = evidence("before the outage " + System.nanoTime());
    net.script("stop-chaincode", "registry");
    try {
      Reply down = call("POST", "/evidence", "holder-demo", evidenceRequest("during the outage " + System.nanoTime()));
      assertThat(down.status()).as(down.body().toString()).isEqualTo(503);
      assertThat(down.body().path("type").asText()).endsWith("/unavailable");
    } finally {
      net.script("restart-chaincode", "registry");
    }
    Reply after = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      after = call("POST", "/evidence", "holder-demo", evidenceRequest("after the outage " + System.nanoTime()));
      if (after.status() == 201) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(after.status()).as(after.body().toString()).isEqualTo(201);
    assertThat(ok(call("GET", "/evidence/" + before, "holder-demo", null)).path("evidenceNo").asText()).isEqualTo(before);
  }

  @Test
  void an_exchange_checks_trades_and_delivers_through_its_own_organisation_on_fabric() throws Exception {
    String regNo = issuedRegistration("fabric trade");
    ok(call("POST", "/registrations/" + regNo + "/certificates", "registrar", obj()));
    String seller = account("holder-demo", "甲公司");
    String buyer = account("buyer-demo", "乙公司");
    // issue 23: a write is its author's signed request, so any organisation's gateway carries it (the rules check the author,
    // the endorsement policy both organisations); the exchange uses its own organisation's gateway below.
    JsonNode check = ok(callAt(exchangeBase, "exchange", "POST", "/registrations/" + regNo + "/listing-checks", "exchange-demo", obj()));
    assertThat(check.path("listable").asBoolean()).as(check.toString()).isTrue();
    String today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode trade = obj().put("seller", seller).put("buyer", buyer).put("kind", "LICENCE").put("scope", "monthly scores")
        .put("contractHash", h("fabric contract " + regNo)).put("amountHash", h("amount")).put("pricingMethod", "negotiated");
    trade.putArray("scenarios").add("信用评估");
    trade.putObject("term").put("from", today);
    String tradeNo = ok(callAt(exchangeBase, "exchange", "POST", "/registrations/" + regNo + "/trades", "exchange-demo", trade))
        .path("tradeNo").asText();
    String deliveryNo = ok(call("POST", "/trades/" + tradeNo + "/deliveries", "holder-demo", obj().put("mode", "FILE")
        .put("scenario", "信用评估").put("algorithm", "SM3").put("payloadRoot", h("fabric payload " + regNo)).put("size", 4096).put("parts", 1)))
        .path("deliveryNo").asText();
    ok(call("POST", "/deliveries/" + deliveryNo + "/answer", "buyer-demo", obj().put("accepted", true).put("answerHash", h("received"))));
    ok(callAt(exchangeBase, "exchange", "POST", "/trades/" + tradeNo + "/settlement", "exchange-demo", obj().put("settlementHash", h("paid"))));
    JsonNode provenance = ok(call("GET", "/registrations/" + regNo + "/provenance", "regulator", null));
    assertThat(provenance.toString()).contains(check.path("checkNo").asText(), tradeNo, deliveryNo);
    assertThat(provenance).allMatch(e -> e.path("txId").asText().matches("[0-9a-f]{64}"));
    // A licence trade is an encumbrance of the registration, as on the embedded ledger.
    assertThat(ok(call("GET", "/registrations/" + regNo, "holder-demo", null)).path("encumbrances").toString()).contains("LICENCE");
  }

  // --- helpers -----------------------------------------------------------------------------------

  private String evidence(String data) throws Exception {
    return ok(call("POST", "/evidence", "holder-demo", evidenceRequest(data))).path("evidenceNo").asText();
  }

  private static ObjectNode evidenceRequest(String data) {
    return obj().put("algorithm", "SM3").put("hash", h(data)).put("size", data.length()).put("channel", "dareg");
  }

  private Reply call(String method, String path, String user, JsonNode body) throws Exception {
    return callAt(base, "registry", method, path, user, body);
  }

  private Reply callAt(String gateway, String org, String method, String path, String user, JsonNode body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(90));
    String userOrg = user == null ? null : user.startsWith("exchange") ? "exchange" : org;
    io.dareg.core.api.Operations.Match op = io.dareg.core.api.Operations.at(method, path);
    if (user != null && op != null && op.operation().signed()) {
      // issue 23: a write is its author's signed request, sent with no token; the arguments are the body and the path's parameters
      ObjectNode args = body == null ? obj() : ((ObjectNode) body).deepCopy();
      op.params().forEach(args::put);
      String ledger = op.operation().id().equals("initLedger") ? args.path("ledgerId").asText()
          : io.dareg.gateway.ledger.LedgerContractTest.LEDGER_ID;
      body = Json.mapper().readTree(FabricNetwork.author(net.caller(userOrg, user))
          .sign(ledger, op.operation().signedOperation(), args.toString(), clock.instant()));
    } else if (user != null) {
      b.header("Authorization", "Bearer " + net.token(userOrg, user));
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), Json.mapper().readTree(r.body().isEmpty() ? "{}" : r.body()));
  }

  private static JsonNode ok(Reply r) {
    assertThat(r.status()).as(r.body().toString()).isBetween(200, 201);
    return r.body();
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }

  private static ObjectNode application(String evidenceNo) throws Exception {
    ObjectNode a = obj().put("rightType", "HOLDING");
    a.putArray("evidenceNos").add(evidenceNo);
    // TJ-DIP asks for the applicant's compliance undertaking (issue 20).
    a.putArray("attachments").addObject().put("kind", "COMPLIANCE_UNDERTAKING").put("issuer", "甲公司").put("algorithm", "SM3")
        .put("hash", h("undertaking " + evidenceNo)).put("date", "2026-03-01");
    a.set("asset", Json.mapper().readTree("{\"name\":\"企业信用评估+工商登记数据\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
        + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\"],\"scope\":\"授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}"));
    return a;
  }

  private static String h(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
