package io.dareg.gateway.http;

import static io.dareg.gateway.TestRequests.h;
import static io.dareg.gateway.TestRequests.obj;
import static io.dareg.gateway.TestRequests.roleGrant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.api.Operation;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.cert.Certificate;
import io.dareg.core.json.Json;
import io.dareg.gateway.TestRequests;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API end to end over a real embedded ledger: every operation used once, the
 * authorisation matrix of every write operation, bad input, public views and the document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayApiTest {
  private static final long MAX_BODY = 64 * 1024;
  private static final List<String> CALLERS = List.of("admin", "registrar", "reviewer", "holder", "holder2", "exchange", "regulator", "foreign");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final Set<String> used = new HashSet<>();
  // Ledger time is fixed inside the working-day calendar's years; tokens live in real time.
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private Path dir;
  private java.security.cert.X509Certificate registryRoot;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private String base;
  private String accountA;
  private String accountB;
  private String accountC;
  private String accountD;

  record Reply(int status, JsonNode body, String contentType) {}

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-api-test");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    registryRoot = ca.root();
    Signatures sig = new Signatures(new BouncyCastleProvider());
    String[][] ids = {
      {"admin", "RegistryMSP", "admin", "registry-admin"}, {"registrar", "RegistryMSP", "registrar", "registrar-1"},
      {"reviewer", "ReviewMSP", "reviewer", "reviewer-1"}, {"holder", "EnterpriseMSP", "holder", "alice"},
      {"holder2", "EnterpriseMSP", "holder", "bob"}, {"exchange", "ExchangeMSP", "exchange", "exchange-1"},
      {"regulator", "RegulatorMSP", "regulator", "regulator-1"}, {"foreign", "ExchangeMSP", "registrar", "mallory"},
      {"carol", "EnterpriseMSP", "holder", "carol"}, {"exchange2", "OtherExchangeMSP", "exchange", "exchange-2"},
      {"dave", "EnterpriseMSP", "holder", "dave"} // issue 20: the other party to a jointly held asset's pledge and sale
    };
    for (String[] id : ids) {
      KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      tokens.put(id[0], Tokens.sign(ca.issueClient(id[1], id[2], id[3], keys.getPublic(), Duration.ofDays(3650)), keys.getPrivate(), Instant.now(), Duration.ofMinutes(5)));
    }
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.ALLOWED), ca, dir, clock, MAX_BODY, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();

    ok(call("initLedger", "admin", Map.of(), obj().put("registryMsp", "RegistryMSP").put("registryName", "测试登记中心").put("defaultProfile", "TJ-DIP")));
    ok(call("grantRole", "admin", Map.of(), roleGrant("ReviewMSP", "CN=reviewer-1,OU=reviewer", "REVIEWER")));
    ok(call("grantRole", "admin", Map.of(), roleGrant("RegulatorMSP", "CN=regulator-1,OU=regulator", "REGULATOR")));
    accountA = account("甲公司", "EnterpriseMSP", "CN=alice,OU=holder");
    accountB = account("乙公司", "EnterpriseMSP", "CN=bob,OU=holder");
    accountC = account("丙公司", "EnterpriseMSP", "CN=carol,OU=holder");
    accountD = account("丁数据公司", "EnterpriseMSP", "CN=dave,OU=holder");
    // A block is never dated before the one before it, so steps that move the clock two years ahead date every later
    // write there: the test registry records (test) calendars for the years those deadlines reach.
    for (int i = 0; i < 2; i++) {
      ok(call("recordCalendarYear", "admin", Map.of(), nextCalendarYear()));
    }
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  @Test
  void every_operation_works_through_http() throws Exception {
    JsonNode who = ok(call("whoAmI", "holder", Map.of(), null));
    assertThat(who.path("accountId").asText()).isEqualTo(accountA);
    ok(call("getSettings", "exchange", Map.of(), null));
    assertThat(ok(call("listProfiles", "exchange", Map.of(), null))).hasSize(8);
    ok(call("getAccount", "regulator", Map.of("id", accountA), null));

    // A joint application, confirmed by the co-holder, then withdrawn.
    String ev0 = evidence("holder", "joint data");
    ok(call("getEvidence", "holder", Map.of("id", ev0), null));
    HttpResponse<byte[]> evidenceReport = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/evidence/" + ev0 + "/report"))
        .header("Authorization", "Bearer " + tokens.get("holder")).build(), HttpResponse.BodyHandlers.ofByteArray());
    // 503 only where the machine lacks a CJK font; EvidenceReportPdfTest reads the report itself.
    assertThat(evidenceReport.statusCode()).isIn(200, 503);
    used.add("getEvidenceReport");
    ObjectNode joint = application(ev0);
    joint.putArray("coHolders").add(accountB);
    joint.putObject("confidential").put("legalRepresentative", "张三").put("idNumber", "120101199001011234");
    String r0 = ok(call("submit", "holder", Map.of(), joint)).path("regNo").asText();
    ok(call("confirmJointApplication", "holder2", Map.of("regNo", r0), obj()));
    JsonNode secret = ok(call("getConfidential", "holder2", Map.of("regNo", r0), null));
    assertThat(secret.path("idNumber").asText()).isEqualTo("120101199001011234");
    // An exchange with no listing check or trade of the asset does not see it (issue 21 item 9).
    assertThat(call("getConfidential", "exchange", Map.of("regNo", r0), null).status()).isEqualTo(403);
    assertThat(call("getConfidential", "reviewer", Map.of("regNo", r0), null).status()).isEqualTo(403);
    ok(call("withdraw", "holder", Map.of("regNo", r0), obj().put("reason", "filed twice")));

    // Issue 26: a registration with its evidence in one transaction, its confidential material beside it.
    ObjectNode withEvidence = obj();
    withEvidence.putArray("evidence").addObject().put("algorithm", "SM3").put("hash", h("one call data")).put("size", 13).put("channel", "dareg");
    ObjectNode oneCall = TestRequests.application("none", "一次登记数据");
    oneCall.putArray("evidenceNos");
    withEvidence.set("application", oneCall);
    withEvidence.putObject("confidential").put("idNumber", "120101199001017777");
    JsonNode registered = ok(call("register", "holder", Map.of(), withEvidence));
    String rr = registered.path("registration").path("regNo").asText();
    String deposited = registered.path("evidence").get(0).path("evidenceNo").asText();
    assertThat(registered.path("registration").path("evidenceNos").toString()).isEqualTo("[\"" + deposited + "\"]");
    assertThat(ok(call("getEvidence", "registrar", Map.of("id", deposited), null)).path("hash").asText()).isEqualTo(h("one call data"));
    assertThat(ok(call("getConfidential", "holder", Map.of("regNo", rr), null)).path("idNumber").asText()).isEqualTo("120101199001017777");
    withEvidence.with("application").put("confidentialHash", h("x"));
    assertThat(call("register", "holder", Map.of(), withEvidence).body().toString())
        .as("material or hash, not both").contains("application.confidentialHash");
    ObjectNode noApplication = obj();
    noApplication.putObject("confidential").put("idNumber", "120101199001017777");
    noApplication.putNull("application");
    var refused = call("register", "holder", Map.of(), noApplication);
    assertThat(refused.status()).as("material without an application: 400, not 500").isEqualTo(400);
    assertThat(refused.body().toString()).contains("application is missing");

    // The main asset: correction, reviews, notice, an ownership objection that goes to court and fails.
    String r1 = ok(call("submit", "holder", Map.of(), application(evidence("holder", "main data")))).path("regNo").asText();
    ok(call("startFormalReview", "registrar", Map.of("regNo", r1), obj()));
    ok(call("formalReview", "registrar", Map.of("regNo", r1), obj().put("outcome", "NEEDS_CORRECTION").put("opinionHash", h("fix")).put("reason", "add structure")));
    ok(call("correct", "holder", Map.of("regNo", r1), obj().put("confidentialHash", h("corrected"))));
    ok(call("formalReview", "registrar", Map.of("regNo", r1), obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    JsonNode attached = ok(call("attachDocument", "holder", Map.of("regNo", r1), obj().set("attachment", obj().put("kind", "ASSESSMENT_REPORT")
        .put("issuer", "某合规评估机构").put("algorithm", "SHA256").put("hash", h("assessment")).put("date", "2026-03-02"))));
    assertThat(attached.path("attachments")).hasSize(2);
    ok(call("substantiveReview", "reviewer", Map.of("regNo", r1), obj().put("outcome", "PASS").put("opinionHash", h("authentic"))));
    assertThat(ok(call("listReviews", "holder", Map.of("regNo", r1), null))).hasSize(3);
    JsonNode notice = ok(call("publishNotice", "registrar", Map.of("regNo", r1), obj()));
    JsonNode board = ok(call("publicNotices", null, Map.of(), null));
    assertThat(board.toString()).contains(r1).doesNotContain("confidentialHash").doesNotContain("120101199001011234");
    String o1 = ok(call("raiseObjection", "holder2", Map.of("regNo", r1), obj().put("kind", "OWNERSHIP").put("groundsHash", h("g")).put("evidenceHash", h("e")))).path("objectionNo").asText();
    ok(call("getObjection", "holder", Map.of("id", o1), null));
    ok(call("answerObjection", "holder", Map.of("objectionNo", o1), obj().put("documentHash", h("answer"))));
    ok(call("referObjectionToCourt", "registrar", Map.of("objectionNo", o1), obj()));
    ok(call("recordCourtFiling", "holder2", Map.of("objectionNo", o1), obj().put("documentHash", h("filing"))));
    ok(call("resolveObjection", "registrar", Map.of("objectionNo", o1), obj().put("outcome", "DISMISSED").put("outcomeHash", h("judgment"))));
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    ok(call("issue", "registrar", Map.of("regNo", r1), obj()));
    JsonNode cert = ok(call("issueCertificate", "registrar", Map.of("regNo", r1), obj()));
    String certNo = cert.path("payload").path("certNo").asText();
    assertThat(ok(call("getCertificate", null, Map.of("certNo", certNo), null))).isEqualTo(cert);
    HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/" + certNo + "/pdf")).build(), HttpResponse.BodyHandlers.ofByteArray());
    // 503 only where the machine lacks a CJK font; CertificatePdfTest reads the PDF itself.
    assertThat(pdf.statusCode()).isIn(200, 503);
    used.add("getCertificatePdf");
    assertThat(ok(call("getCertificateRecord", "holder", Map.of("id", certNo), null)).path("status").asText()).isEqualTo("ACTIVE");
    ObjectNode verify = obj();
    verify.set("certificate", cert);
    JsonNode report = ok(call("verifyCertificate", null, Map.of(), verify));
    assertThat(report.path("valid").asBoolean()).as(report.toString()).isTrue();
    // A bad verification request names what is wrong with it.
    String good = cert.toString();
    Map<String, String> badVerify = new java.util.LinkedHashMap<>();
    badVerify.put("{\"certificate\":" + good + ",\"extra\":1}", "extra");
    badVerify.put("{\"certificate\":\"text\"}", "certificate");
    badVerify.put("{\"certificate\":[" + good + "]}", "certificate");
    badVerify.put("{}", "certificate");
    badVerify.put("[]", "certificate");
    badVerify.put("{\"certificate\":" + good.replace(Certificate.MEDIA_TYPE, "text/plain") + "}", "certificate.mediaType");
    badVerify.put("{\"certificate\":" + good + ",\"data\":{\"algorithm\":\"MD5\",\"hash\":\"" + h("x") + "\"}}", "data");
    badVerify.put("{\"certificate\":" + good + "} {}", "request");
    badVerify.put("{\"certificate\":" + good + ",\"certificate\":" + good + "}", "request");
    badVerify.put("{\"certificate\":" + good, "request");
    for (Map.Entry<String, String> b : badVerify.entrySet()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/verify"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b.getKey())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(b.getKey()).isEqualTo(400);
      assertThat(Json.mapper().readTree(r.body()).path("field").asText()).as(r.body()).isEqualTo(b.getValue());
    }
    assertThat(ok(call("publicAnnouncements", null, Map.of(), null)).toString()).contains(r1).doesNotContain("confidentialHash");
    // issue 20: the announcement carries scenario, source, algorithm summary and the evidence in words; validity by either number.
    JsonNode announced = java.util.stream.StreamSupport.stream(ok(call("publicAnnouncements", null, Map.of(), null)).spliterator(), false)
        .filter(n -> n.path("regNo").asText().equals(r1)).findFirst().orElseThrow();
    assertThat(announced.path("scenarios").toString()).contains("信用评估");
    assertThat(announced.path("sources").toString()).contains("ENTERPRISE");
    assertThat(announced.path("algorithmSummary").asText()).isEqualTo("汇总");
    assertThat(announced.path("evidenceStatus").get(0).asText()).contains("SM3").contains("dareg").contains("not notarised");
    JsonNode byReg = ok(call("publicValidity", null, Map.of("number", r1), null));
    assertThat(byReg.path("inForce").asBoolean()).as(byReg.toString()).isTrue();
    assertThat(byReg.path("certificate").path("certNo").asText()).isEqualTo(certNo);
    assertThat(ok(call("publicValidity", null, Map.of("number", certNo), null)).path("regNo").asText()).isEqualTo(r1);
    assertThat(call("publicValidity", null, Map.of("number", "DR-20260101-000000000000"), null).status()).isEqualTo(404);
    ok(call("setPublicTerms", "admin", Map.of(), obj().put("operatingRules", "登记业务规则 2026").set("fees",
        Json.mapper().createArrayNode().add(obj().put("item", "登记申请").put("amount", "免费").put("basis", "收费公示 2026")))));
    JsonNode fees = ok(call("publicFees", null, Map.of(), null));
    assertThat(fees.path("fees").get(0).path("amount").asText()).isEqualTo("免费");
    assertThat(fees.path("retention").toString()).contains("P15Y");
    ok(call("getRegistration", "exchange", Map.of("regNo", r1), null));
    assertThat(ok(call("getHistory", "regulator", Map.of("regNo", r1), null)).size()).isGreaterThan(8);
    assertThat(ok(call("listRegistrations", "exchange", Map.of(), null, "?holder=" + accountA)).path("items").toString()).contains(r0, r1);

    // Rights: a pledge released, a transfer declined, one accepted, one recorded by the registry.
    String e1 = ok(call("addEncumbrance", "holder", Map.of("regNo", r1), pledge(accountB))).path("encumbranceNo").asText();
    ok(call("getEncumbrance", "holder2", Map.of("id", e1), null));
    ok(call("releaseEncumbrance", "holder2", Map.of("encumbranceNo", e1), obj().put("documentHash", h("release"))));
    String t1 = ok(call("proposeTransfer", "holder", Map.of("regNo", r1), obj().put("to", accountB).put("documentHash", h("c1")))).path("transferNo").asText();
    ok(call("getTransfer", "holder2", Map.of("id", t1), null));
    ok(call("declineTransfer", "holder2", Map.of("id", t1), obj()));
    String t2 = ok(call("proposeTransfer", "holder", Map.of("regNo", r1), obj().put("to", accountB).put("documentHash", h("c2")))).path("transferNo").asText();
    ok(call("acceptTransfer", "holder2", Map.of("id", t2), obj()));
    ok(call("recordTransfer", "registrar", Map.of("regNo", r1), obj().put("basis", "NAME_CHANGE").put("to", accountA).put("documentHash", h("rename"))));
    // After the transfers the old certificate no longer verifies as in force.
    JsonNode stale = ok(call("verifyCertificate", null, Map.of(), verify));
    assertThat(stale.path("valid").asBoolean()).isFalse();
    assertThat(stale.toString()).contains("SUPERSEDED");
    ok(call("issueCertificate", "registrar", Map.of("regNo", r1), obj()));

    // Exchange: a listing check, a licence trade, a delivery the buyer accepts, the provenance timeline.
    JsonNode check = ok(call("recordListingCheck", "exchange", Map.of("regNo", r1), obj()));
    assertThat(check.path("listable").asBoolean()).as(check.toString()).isTrue();
    String checkNo = check.path("checkNo").asText();
    assertThat(ok(call("getListingCheck", "holder", Map.of("id", checkNo), null))).isEqualTo(check);
    String td = ok(call("recordTrade", "exchange", Map.of("regNo", r1), licenceTrade(accountA, accountB))).path("tradeNo").asText();
    String dl = ok(call("recordDelivery", "holder", Map.of("tradeNo", td), delivery("payload"))).path("deliveryNo").asText();
    ok(call("answerDelivery", "holder2", Map.of("deliveryNo", dl), obj().put("accepted", true).put("answerHash", h("received"))));
    ok(call("completeDelivery", "holder", Map.of("id", dl), obj()));
    ok(call("recordDeletion", "holder", Map.of("id", dl), obj()));
    assertThat(ok(call("getDelivery", "regulator", Map.of("id", dl), null)).path("accepted").asBoolean()).isTrue();
    assertThat(ok(call("getDelivery", "regulator", Map.of("id", dl), null)).path("deletedAt").isTextual()).isTrue();
    ok(call("recordSettlement", "exchange", Map.of("tradeNo", td), obj().put("settlementHash", h("paid"))));
    ok(call("recordDispute", "exchange", Map.of("tradeNo", td), obj().put("status", "DISPUTED").put("documentHash", h("complaint"))));
    assertThat(ok(call("getTrade", "regulator", Map.of("id", td), null)).path("deliveries")).hasSize(1);
    assertThat(ok(call("getTrade", "regulator", Map.of("id", td), null)).path("trade").path("dispute").asText()).isEqualTo("DISPUTED");

    // issue 20: a jointly held asset (60% / 40%): every co-holder consents to its pledge and its transfer; the prohibited list.
    ObjectNode jointApplication = application(evidence("holder", "joint rights"));
    jointApplication.putArray("coHolders").add(accountB);
    ArrayNode shares = jointApplication.putArray("shares");
    shares.addObject().put("account", accountA).put("basisPoints", 6000);
    shares.addObject().put("account", accountB).put("basisPoints", 4000);
    String rj = ok(call("submit", "holder", Map.of(), jointApplication)).path("regNo").asText();
    ok(call("confirmJointApplication", "holder2", Map.of("regNo", rj), obj()));
    ok(call("startFormalReview", "registrar", Map.of("regNo", rj), obj()));
    ok(call("formalReview", "registrar", Map.of("regNo", rj), obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    ok(call("substantiveReview", "reviewer", Map.of("regNo", rj), obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    clock.set(Instant.parse(ok(call("publishNotice", "registrar", Map.of("regNo", rj), obj())).path("noticeEnd").asText()).plusSeconds(60));
    ok(call("issue", "registrar", Map.of("regNo", rj), obj()));
    JsonNode jointCert = ok(call("issueCertificate", "registrar", Map.of("regNo", rj), obj()));
    assertThat(jointCert.path("payload").path("holders")).extracting(h -> h.path("share").asText()).containsExactly("60.00%", "40.00%");
    String ej = ok(call("addEncumbrance", "holder", Map.of("regNo", rj), pledge(accountD))).path("encumbranceNo").asText();
    assertThat(ok(call("getEncumbrance", "holder", Map.of("id", ej), null)).path("status").asText()).isEqualTo("PENDING_CONSENT");
    assertThat(ok(call("consentToEncumbrance", "holder2", Map.of("id", ej), obj())).path("status").asText()).isEqualTo("IN_FORCE");
    ok(call("releaseEncumbrance", "dave", Map.of("encumbranceNo", ej), obj().put("documentHash", h("repaid"))));
    String tj = ok(call("proposeTransfer", "holder", Map.of("regNo", rj), obj().put("to", accountD).put("documentHash", h("joint sale")))).path("transferNo").asText();
    assertThat(ok(call("acceptTransfer", "dave", Map.of("id", tj), obj())).path("status").asText()).isEqualTo("PROPOSED");
    assertThat(ok(call("consentToTransfer", "holder2", Map.of("id", tj), obj())).path("status").asText()).isEqualTo("COMPLETED");
    ObjectNode list = obj().put("basisHash", h("list"));
    list.putArray("industries").add("Q");
    assertThat(ok(call("setProhibitedList", "admin", Map.of(), list)).path("prohibited").path("industries").get(0).asText()).isEqualTo("Q");
    assertThat(ok(call("getSettings", "exchange", Map.of(), null)).path("prohibited").path("industries").get(0).asText()).isEqualTo("Q");
    assertThat(ok(call("getProvenance", "exchange", Map.of("regNo", r1), null)).toString()).contains(checkNo, td, dl);
    // What the exchange keeps: the listing check and the trade voucher, signed, verifiable offline.
    io.dareg.core.cert.CertificateVerifier offline = new io.dareg.core.cert.CertificateVerifier(new BouncyCastleProvider(), List.of(registryRoot));
    io.dareg.core.cert.Voucher listing = io.dareg.core.cert.Voucher.parse(
        Json.mapper().writeValueAsBytes(ok(call("getListingCheckVoucher", "exchange", Map.of("id", checkNo), null))));
    assertThat(listing.kind()).isEqualTo("listing-check");
    assertThat(listing.record()).isEqualTo(check);
    assertThat(offline.verify(listing).valid()).as(offline.verify(listing).toString()).isTrue();
    JsonNode tradeVoucher = ok(call("getTradeVoucher", "regulator", Map.of("id", td), null));
    io.dareg.core.cert.Voucher voucher = io.dareg.core.cert.Voucher.parse(Json.mapper().writeValueAsBytes(tradeVoucher));
    assertThat(voucher.record().path("trade").path("tradeNo").asText()).isEqualTo(td);
    assertThat(offline.verify(voucher).valid()).isTrue();
    ((ObjectNode) tradeVoucher.path("record").path("trade")).put("buyer", accountC);
    io.dareg.core.cert.Voucher altered = io.dareg.core.cert.Voucher.parse(Json.mapper().writeValueAsBytes(tradeVoucher));
    assertThat(offline.verify(altered).check(io.dareg.core.cert.VerificationReport.CheckName.SIGNATURE).outcome())
        .isEqualTo(io.dareg.core.cert.VerificationReport.Outcome.FAIL);
    assertThat(call("getTradeVoucher", "holder", Map.of("id", "TR-20260101-000000000000"), null).status()).isEqualTo(404);
    assertThat(ok(call("findByHash", "regulator", Map.of("hash", h("payload")), null)).path("deliveries").get(0).path("deliveryNo").asText()).isEqualTo(dl);
    // The query index: the exchange's trades and deliveries of the asset, paged.
    assertThat(ok(call("listTrades", "exchange", Map.of(), null, "?regNo=" + r1)).path("items").toString()).contains(td);
    assertThat(ok(call("listDeliveries", "regulator", Map.of(), null, "?regNo=" + r1 + "&status=DELETED")).path("items").toString()).contains(dl);

    // Refusal, abandonment and cancellation on fresh registrations.
    String r2 = ok(call("submit", "holder", Map.of(), application(evidence("holder", "rejected data")))).path("regNo").asText();
    ok(call("reject", "registrar", Map.of("regNo", r2), obj().put("reasonHash", h("no")).put("reason", "not authentic")));
    String r3 = issued("abandoned data");
    ok(call("abandon", "holder", Map.of("regNo", r3), obj().put("reason", "no longer held")));
    String r4 = issued("cancelled data");
    ok(call("cancel", "registrar", Map.of("regNo", r4), obj().put("basis", "HOLDER_REQUEST").put("reasonHash", h("req")).put("reason", "asked")));
    assertThat(ok(call("listRegistrations", "regulator", Map.of(), null, "?status=CANCELLED&pageSize=10")).path("items").toString()).contains(r4);

    // Renewal in the last six months of two years, suspension and resumption.
    Instant before = clock.instant();
    clock.set(clock.instant().plus(Duration.ofDays(560)));
    ok(call("renew", "registrar", Map.of("regNo", r1), obj()));
    ok(call("suspend", "regulator", Map.of("regNo", r1), obj().put("reason", "inquiry")));
    ok(call("resume", "registrar", Map.of("regNo", r1), obj().put("reason", "cleared")));
    ok(call("revoke", "regulator", Map.of("regNo", r1), obj().put("basis", "ORDER").put("orderRef", "(2028)津01").put("reasonHash", h("order")).put("reason", "court order")));
    clock.set(before); // later steps and tests count working days inside the calendar's years

    // Accounts and the role table.
    String accountE = account("戊公司", "EnterpriseMSP", "CN=erin,OU=holder");
    ok(call("closeAccount", "registrar", Map.of("id", accountE), obj()));
    ok(call("grantRole", "admin", Map.of(), roleGrant("ExchangeMSP", "CN=exchange-2,OU=reviewer", "REVIEWER")));
    ok(call("removeRole", "admin", Map.of(), obj().set("identity", obj().put("msp", "ExchangeMSP").put("id", "CN=exchange-2,OU=reviewer"))));

    // The working-day calendar: the registry admin records the year after the last one known.
    JsonNode recorded = ok(call("recordCalendarYear", "admin", Map.of(), nextCalendarYear()));
    assertThat(ok(call("getCalendar", "exchange", Map.of(), null)).path("lastYear").asInt()).isEqualTo(recorded.path("year").asInt());

    // issue 20: change registration, objection registration after issue and the sweep
    String rc = issued("http change");
    String ch = ok(call("applyForChange", "holder", Map.of("regNo", rc), obj().put("kind", "CHANGE").put("reason", "renamed")
        .put("authorisationEnds", "2030-01-01"))).path("changeNo").asText();
    assertThat(ok(call("getChange", "exchange", Map.of("id", ch), null)).path("status").asText()).isEqualTo("APPLIED");
    assertThat(ok(call("refuseChange", "registrar", Map.of("changeNo", ch), obj().put("reason", "agreement not shown")
        .put("decisionHash", h("d")))).path("status").asText()).isEqualTo("REFUSED");
    String ch2 = ok(call("applyForChange", "holder", Map.of("regNo", rc), obj().put("kind", "CORRECTION").put("reason", "date")
        .put("authorisationEnds", "2030-01-01"))).path("changeNo").asText();
    assertThat(ok(call("approveChange", "registrar", Map.of("changeNo", ch2), obj())).path("status").asText()).isEqualTo("APPROVED");
    String oi = ok(call("raiseObjection", "holder2", Map.of("regNo", rc), obj().put("kind", "OWNERSHIP").put("groundsHash", h("g"))
        .put("evidenceHash", h("e")))).path("objectionNo").asText();
    assertThat(ok(call("forwardObjection", "registrar", Map.of("objectionNo", oi), obj())).hasNonNull("answerDue")).isTrue();
    assertThat(ok(call("sweep", "registrar", Map.of(), obj())).has("expired")).isTrue();

    // Operating the ledger: a signed audit for the registry admin and regulators, a backup for the admin.
    var signatures = new Signatures(new BouncyCastleProvider());
    JsonNode audit = ok(call("auditLedger", "regulator", Map.of(), null));
    assertThat(audit.path("report").path("audit").path("blocks").asLong()).isEqualTo(ledger.height());
    assertThat(io.dareg.core.ledger.SignedAuditReport.check(signatures, audit, List.of()).valid()).isTrue();
    assertThat(call("auditLedger", "holder", Map.of(), null).status()).isEqualTo(403);
    assertThat(backup("registrar").statusCode()).isEqualTo(403);
    HttpResponse<byte[]> backup = backup("admin");
    assertThat(backup.statusCode()).isEqualTo(200);
    used.add("backupLedger");
    Path copy = dir.resolve("backup.dat");
    Files.write(copy, backup.body());
    var nodeKey = java.security.KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(
        java.util.Base64.getDecoder().decode(backup.headers().firstValue("Dareg-Node-Key").orElseThrow())));
    var copyAudit = new io.dareg.core.ledger.ChainAudit(signatures, nodeKey).audit(copy);
    assertThat(copyAudit.valid()).isTrue();
    assertThat(copyAudit.blocks()).isEqualTo(Long.parseLong(backup.headers().firstValue("Dareg-Blocks").orElseThrow()));

    // Every request is in the audit log, chained, for regulators and the registry admin.
    JsonNode log = ok(call("readAuditLog", "regulator", Map.of(), null, "?limit=5000"));
    assertThat(log.path("chain").path("valid").asBoolean()).as(log.path("chain").toString()).isTrue();
    List<JsonNode> entries = new java.util.ArrayList<>();
    log.path("entries").forEach(entries::add);
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.path("operation").asText()).isEqualTo("closeAccount");
      assertThat(e.path("msp").asText()).isEqualTo("RegistryMSP");
      assertThat(e.path("role").asText()).isEqualTo("registrar");
      assertThat(e.path("outcome").asText()).isEqualTo("ok");
      assertThat(e.path("txId").asText()).hasSize(64);
    });
    assertThat(entries).anySatisfy(e -> assertThat(e.path("outcome").asText()).isEqualTo("refused"));
    assertThat(call("readAuditLog", "holder", Map.of(), null).status()).isEqualTo(403);

    // issue 20: a formal review past its due date shows on the registrar's queue and in the report.
    String late = ok(call("submit", "holder", Map.of(), application(evidence("holder", "late review")))).path("regNo").asText();
    JsonNode started = ok(call("startFormalReview", "registrar", Map.of("regNo", late), obj()));
    assertThat(ok(call("listRegistrations", "registrar", Map.of(), null, "?overdue=true")).path("items").toString()).doesNotContain(late);
    clock.set(Instant.parse(started.path("formalReviewDue").asText()).plusSeconds(3600));
    assertThat(ok(call("listRegistrations", "registrar", Map.of(), null, "?overdue=true")).path("items").toString()).contains(late);
    assertThat(call("listRegistrations", "registrar", Map.of(), null, "?overdue=yes").status()).isEqualTo(400);

    // Reports: the year's figures as CSV, and the signed judicial extract (RegulatorReportsTest reads both).
    int year = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).getYear();
    HttpResponse<String> figures = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/period?period=" + year))
        .header("Authorization", "Bearer " + tokens.get("regulator")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(figures.statusCode()).as(figures.body()).isEqualTo(200);
    assertThat(figures.body()).startsWith("section,measure,breakdown,value").contains("certificates,revoked,,")
        .contains("formal reviews,overdue,registration " + late);
    used.add("getPeriodReport");
    // issue 25: the regulator's feed up to the log's end now (SupervisionFeedTest follows it live and resumes it)
    HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/supervision/feed?follow=false"))
        .header("Authorization", "Bearer " + tokens.get("regulator")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(feed.statusCode()).as(feed.body()).isEqualTo(200);
    assertThat(feed.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    assertThat(feed.body()).contains("id: 0\nevent: act\n").contains("\"operation\":\"startFormalReview\"");
    used.add("readSupervisionFeed");
    HttpResponse<byte[]> extract = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/registrations/" + r1 + "/extract"))
        .header("Authorization", "Bearer " + tokens.get("regulator")).build(), HttpResponse.BodyHandlers.ofByteArray());
    // 503 only where the machine lacks a CJK font.
    assertThat(extract.statusCode()).isIn(200, 503);
    used.add("getJudicialExtract");

    // issue 23: a ledger initialised without trusted roots (this one) has no identity for signed requests to name.
    HttpResponse<String> identity = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ledger/identity")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(identity.statusCode()).as(identity.body()).isEqualTo(404);
    assertThat(identity.body()).contains("without trusted roots").doesNotContain("Exception");
    used.add("getLedgerIdentity");

    // issue 23: one act with the ledger's proof, for the registry's staff and the act's author. Acts of this ledger carry
    // no signed request, so only the registry's staff may export them, and the check says who asked rests on the operator.
    String firstTx = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/registrations/" + r1 + "/provenance"))
        .header("Authorization", "Bearer " + tokens.get("regulator")).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0).path("txId").asText();
    java.util.function.BiFunction<String, String, HttpResponse<byte[]>> act = (caller, tx) -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/acts/" + tx)).header("Authorization", "Bearer " + tokens.get(caller)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    HttpResponse<byte[]> exported = act.apply("regulator", firstTx);
    assertThat(exported.statusCode()).as(new String(exported.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
    io.dareg.core.ledger.ActProof.Check actCheck = io.dareg.core.ledger.ActProof.parse(exported.body())
        .verify(new io.dareg.core.crypto.Signatures(new org.bouncycastle.jce.provider.BouncyCastleProvider()), List.of(), Duration.ofMinutes(5));
    assertThat(actCheck.lines()).anyMatch(l -> l.startsWith("ok: transaction " + firstTx))
        .anyMatch(l -> l.startsWith("ok: the block header is signed by node key"))
        .anyMatch(l -> l.startsWith("FAILED: the transaction carries no signed request"));
    assertThat(act.apply("holder", firstTx).statusCode()).isEqualTo(403);
    assertThat(act.apply("regulator", "0".repeat(64)).statusCode()).isEqualTo(404);
    assertThat(act.apply("regulator", "not-a-tx").statusCode()).isEqualTo(400);
    used.add("exportAct");

    // The transparency log over everything above: public, text for the key and the checkpoint, JSON for the proofs.
    Map<String, HttpResponse<String>> logRoutes = new java.util.LinkedHashMap<>();
    for (String[] route : new String[][] {{"getLogKey", "/log/key"}, {"getLogCheckpoint", "/log/checkpoint"},
        {"getLogInclusionProof", "/log/proofs/inclusion?index=0&size=2"}, {"getLogConsistencyProof", "/log/proofs/consistency?from=1&to=2"},
        {"getLogTilesCheckpoint", "/log/tiles/checkpoint"}, {"getLogTile", "/log/tiles/tile/0/000.p/1"},
        {"getLogEntryBundle", "/log/tiles/tile/entries/000.p/1"}, {"getLogEntry", "/log/entries/0"}}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1" + route[1])).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s: %s", route[0], r.body()).isEqualTo(200);
      logRoutes.put(route[0], r);
      used.add(route[0]);
    }
    io.dareg.core.log.SignedNote.Verifier logKey = io.dareg.core.log.SignedNote.Verifier.parse(logRoutes.get("getLogKey").body().trim());
    assertThat(io.dareg.core.log.SignedNote.open(logRoutes.get("getLogCheckpoint").body(), List.of(logKey))).hasSize(1);
    assertThat(Json.mapper().readTree(logRoutes.get("getLogInclusionProof").body()).path("block").asLong()).isZero();
    // issue 24: this ledger names no witnesses, so no cosignature is taken and nothing is witnessed (LogCosignaturesTest: with them)
    io.dareg.core.log.SignedNote.Signer stranger = io.dareg.core.log.SignedNote.Signer.generate("stranger.example/witness",
        io.dareg.core.log.SignedNote.COSIGNATURE_V1, new java.security.SecureRandom());
    String cosigned = io.dareg.core.log.SignedNote.sign(io.dareg.core.log.SignedNote.text(logRoutes.get("getLogCheckpoint").body()),
        List.of(stranger), Instant.now());
    HttpResponse<String> cosignature = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/log/cosignatures"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().createObjectNode().put("checkpoint", cosigned).toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(cosignature.statusCode()).as(cosignature.body()).isEqualTo(403);
    assertThat(cosignature.body()).contains("stranger.example/witness").contains("they name none");
    used.add("addLogCosignature");
    HttpResponse<String> witnessed = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/log/checkpoint/witnessed")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(witnessed.statusCode()).as(witnessed.body()).isEqualTo(404);
    assertThat(witnessed.body()).contains("name no witnesses");
    used.add("getWitnessedLogCheckpoint");
    // issue 24 item 4: a committed transaction has no receipt while nothing is witnessed; an unknown one is not found
    HttpResponse<String> pending = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/log/receipts/" + firstTx)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pending.statusCode()).as(pending.body()).isEqualTo(409);
    assertThat(pending.body()).contains("not yet witnessed; retry").contains("name no witnesses");
    HttpResponse<String> unknownReceipt = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/log/receipts/" + "f".repeat(64))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unknownReceipt.statusCode()).as(unknownReceipt.body()).isEqualTo(404);
    assertThat(unknownReceipt.body()).contains("holds no committed transaction");
    used.add("getLogReceipt");

    // issue 27: the role table, for its registry admins only
    assertThat(ok(call("listRoles", "admin", Map.of(), null))).isNotEmpty();
    assertThat(call("listRoles", "registrar", Map.of(), null).status()).isEqualTo(403);
    used.add("listRoles");
    // issue 27: the accounts, for the registrar and regulators (the console lists them)
    assertThat(ok(call("listAccounts", "registrar", Map.of(), null))).extracting(n -> n.path("accountId").asText()).contains(accountA);
    assertThat(ok(call("listAccounts", "regulator", Map.of(), null))).isNotEmpty();
    assertThat(call("listAccounts", "holder", Map.of(), null).status()).isEqualTo(403);
    used.add("listAccounts");
    // issue 25: several registries, recognition agreements, peers of other ledgers, duplicates across registries
    assertThat(ok(call("listRegistries", "holder", Map.of(), null))).extracting(n -> n.path("code").asText()).containsExactly("DR");
    assertThat(call("openRegistry", "admin", Map.of(), obj().put("code", "SZ").put("name", "深圳").put("defaultProfile", "TJ-DIP"))
        .status()).isEqualTo(409);
    assertThat(call("proposeRecognition", "admin", Map.of(), obj().put("counterparty", "SZ")).status()).isEqualTo(404);
    assertThat(ok(call("listRecognitions", "exchange", Map.of(), null))).isEmpty();
    for (String op : List.of("getRecognition", "acceptRecognition", "withdrawRecognition")) {
      assertThat(call(op, "admin", Map.of("id", "RA-20260101-000000000000"), op.startsWith("get") ? null : obj()).status()).as(op).isEqualTo(404);
    }
    assertThat(ok(call("listDuplicates", "registrar", Map.of("id", "DR"), null))).isEmpty();
    ok(call("addPeerRegistry", "admin", Map.of(), peer()));
    assertThat(ok(call("listPeerRegistries", "exchange", Map.of(), null))).extracting(n -> n.path("code").asText()).containsExactly("GZ");
    assertThat(ok(call("findRegisteredHash", "exchange", Map.of("hash", h("nobody's data")), null)).path("regNos")).isEmpty();
    HttpResponse<String> hashVoucher = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/public/hashes/" + h("x") + "/voucher")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(hashVoucher.statusCode()).as(hashVoucher.body()).isEqualTo(200);
    assertThat(Json.mapper().readTree(hashVoucher.body()).path("kind").asText()).isEqualTo("registered-hash");
    Reply forged = call("recordPeerDuplicate", "registrar", Map.of("regNo", r0), obj().set("voucher", peerVoucher()));
    assertThat(forged.status()).as(String.valueOf(forged.body())).isEqualTo(400);
    used.addAll(List.of("listRegistries", "openRegistry", "proposeRecognition", "listRecognitions", "getRecognition", "acceptRecognition",
        "withdrawRecognition", "listDuplicates", "addPeerRegistry", "listPeerRegistries", "findRegisteredHash", "getRegisteredHashVoucher",
        "recordPeerDuplicate"));

    Set<String> all = new HashSet<>();
    api.operations().forEach(op -> all.add(op.id()));
    assertThat(used).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void every_write_operation_refuses_the_wrong_roles_and_a_foreign_organisation() throws Exception {
    // Fixtures: a registration in notice with an objection, an issued one with a pledge and an open transfer.
    String rn = noticeRegistration("matrix notice");
    String on = ok(call("raiseObjection", "holder2", Map.of("regNo", rn), obj().put("kind", "OWNERSHIP").put("groundsHash", h("g")).put("evidenceHash", h("e")))).path("objectionNo").asText();
    String ri = issued("matrix issued");
    String tp = ok(call("proposeTransfer", "holder", Map.of("regNo", ri), obj().put("to", accountB).put("documentHash", h("t")))).path("transferNo").asText();
    String ep = ok(call("addEncumbrance", "holder", Map.of("regNo", ri), pledge(accountB))).path("encumbranceNo").asText();

    String rt = listed("matrix trade");
    String tt = ok(call("recordTrade", "exchange", Map.of("regNo", rt), licenceTrade(accountA, accountB))).path("tradeNo").asText();
    String dt = ok(call("recordDelivery", "holder", Map.of("tradeNo", tt), delivery("matrix"))).path("deliveryNo").asText();

    // issue 20: an issued registration with a change under review and an objection registered after issue
    String rc = issued("matrix change");
    String ch = ok(call("applyForChange", "holder", Map.of("regNo", rc), obj().put("kind", "CHANGE").put("reason", "renamed")
        .put("authorisationEnds", "2030-01-01"))).path("changeNo").asText();
    String oi = ok(call("raiseObjection", "holder2", Map.of("regNo", rc), obj().put("kind", "OWNERSHIP").put("groundsHash", h("g"))
        .put("evidenceHash", h("e")))).path("objectionNo").asText();

    record Case(String op, Map<String, String> params, ObjectNode body, Set<String> allowed) {}
    Set<String> registrar = Set.of("registrar");
    List<Case> cases = List.of(
        new Case("grantRole", Map.of(), roleGrant("ReviewMSP", "CN=x", "REVIEWER"), Set.of("admin")),
        new Case("removeRole", Map.of(), obj().set("identity", obj().put("msp", "ReviewMSP").put("id", "CN=x")), Set.of("admin")),
        new Case("openAccount", Map.of(), TestRequests.account("丁公司", "EnterpriseMSP", "CN=dave"), registrar),
        new Case("depositEvidence", Map.of(), obj().put("algorithm", "SM3").put("hash", h("m")).put("size", 1).put("channel", "dareg"), Set.of("holder", "holder2")),
        new Case("submit", Map.of(), application("EV-20260101-000000000000"), Set.of("holder", "holder2")),
        new Case("register", Map.of(), registerRequest(), Set.of("holder", "holder2")),
        new Case("confirmJointApplication", Map.of("regNo", rn), obj(), Set.of("holder")),
        new Case("correct", Map.of("regNo", rn), obj().put("confidentialHash", h("c")), Set.of("holder")),
        new Case("startFormalReview", Map.of("regNo", rn), obj(), registrar),
        new Case("formalReview", Map.of("regNo", rn), obj().put("outcome", "PASS").put("opinionHash", h("o")), registrar),
        new Case("substantiveReview", Map.of("regNo", rn), obj().put("outcome", "PASS").put("opinionHash", h("o")), Set.of("reviewer")),
        new Case("publishNotice", Map.of("regNo", rn), obj(), registrar),
        new Case("issue", Map.of("regNo", rn), obj(), registrar),
        new Case("raiseObjection", Map.of("regNo", rn), obj().put("kind", "GENERAL").put("groundsHash", h("g")).put("evidenceHash", h("e")),
            Set.of("admin", "registrar", "reviewer", "holder2", "exchange", "regulator", "foreign")),
        new Case("answerObjection", Map.of("objectionNo", on), obj().put("documentHash", h("a")), Set.of("holder")),
        new Case("referObjectionToCourt", Map.of("objectionNo", on), obj(), registrar),
        new Case("recordCourtFiling", Map.of("objectionNo", on), obj().put("documentHash", h("f")), Set.of("holder2")),
        new Case("resolveObjection", Map.of("objectionNo", on), obj().put("outcome", "DISMISSED").put("outcomeHash", h("d")), registrar),
        new Case("issueCertificate", Map.of("regNo", ri), obj(), registrar),
        new Case("acceptTransfer", Map.of("id", tp), obj(), Set.of("holder2")),
        new Case("declineTransfer", Map.of("id", tp), obj(), Set.of("holder", "holder2")),
        new Case("proposeTransfer", Map.of("regNo", ri), obj().put("to", accountC).put("documentHash", h("p")), Set.of("holder")),
        new Case("addEncumbrance", Map.of("regNo", ri), pledge(accountC), Set.of("holder")),
        new Case("releaseEncumbrance", Map.of("encumbranceNo", ep), obj().put("documentHash", h("r")), Set.of("registrar", "holder2")),
        new Case("renew", Map.of("regNo", ri), obj(), registrar),
        new Case("suspend", Map.of("regNo", ri), obj().put("reason", "r"), Set.of("registrar", "regulator")),
        new Case("resume", Map.of("regNo", ri), obj().put("reason", "r"), Set.of("registrar", "regulator")),
        new Case("withdraw", Map.of("regNo", rn), obj().put("reason", "r"), Set.of("holder")),
        new Case("reject", Map.of("regNo", rn), obj().put("reason", "r"), registrar),
        new Case("abandon", Map.of("regNo", ri), obj().put("reason", "r"), Set.of("holder")),
        new Case("revoke", Map.of("regNo", ri), obj().put("basis", "ORDER").put("orderRef", "o").put("reasonHash", h("r")).put("reason", "r"), Set.of("registrar", "regulator")),
        new Case("cancel", Map.of("regNo", ri), obj().put("basis", "JUDGMENT").put("reasonHash", h("j")).put("reason", "j"), registrar),
        new Case("recordTransfer", Map.of("regNo", ri), obj().put("basis", "INHERITANCE").put("to", accountC).put("documentHash", h("w")), registrar),
        new Case("recordListingCheck", Map.of("regNo", ri), obj(), Set.of("exchange", "regulator")),
        new Case("recordTrade", Map.of("regNo", rt), licenceTrade(accountA, accountC), Set.of("exchange")),
        new Case("recordDelivery", Map.of("tradeNo", tt), delivery("matrix 2"), Set.of("holder")),
        new Case("completeDelivery", Map.of("id", dt), obj(), Set.of("holder")),
        new Case("recordDeletion", Map.of("id", dt), obj(), Set.of("holder")),
        new Case("recordSettlement", Map.of("tradeNo", tt), obj().put("settlementHash", h("paid")), Set.of("exchange")),
        new Case("recordDispute", Map.of("tradeNo", tt), obj().put("status", "DISPUTED").put("documentHash", h("c")), Set.of("exchange")),
        new Case("answerDelivery", Map.of("deliveryNo", dt), obj().put("accepted", false).put("answerHash", h("short")), Set.of("holder2")),
        new Case("closeAccount", Map.of("id", accountC), obj(), registrar),
        new Case("recordCalendarYear", Map.of(), nextCalendarYear(), Set.of("admin")),
        // issue 20: review, profiles and disclosure
        new Case("attachDocument", Map.of("regNo", rn), obj().set("attachment", obj().put("kind", "POWER_OF_ATTORNEY").put("issuer", "甲公司")
            .put("algorithm", "SM3").put("hash", h("poa matrix")).put("date", "2026-03-02")), Set.of("holder")),
        new Case("setPublicTerms", Map.of(), obj().put("operatingRules", "规则").set("fees", Json.mapper().createArrayNode()), Set.of("admin")),
        // issue 20: co-holders' consent and the prohibited list
        new Case("consentToTransfer", Map.of("id", tp), obj(), Set.of("holder")),
        new Case("consentToEncumbrance", Map.of("id", ep), obj(), Set.of("holder")),
        new Case("setProhibitedList", Map.of(), obj().put("basisHash", h("nothing prohibited")), Set.of("admin")),
        // issue 24: the witnesses of the transparency log
        new Case("setLogWitnesses", Map.of(), obj().set("logWitnesses", Json.mapper().createArrayNode()), Set.of("admin")),
        // issue 20: after issue
        new Case("applyForChange", Map.of("regNo", rc), obj().put("kind", "CORRECTION").put("reason", "r").put("authorisationEnds", "2031-01-01"),
            Set.of("holder")),
        new Case("approveChange", Map.of("changeNo", ch), obj(), registrar),
        new Case("refuseChange", Map.of("changeNo", ch), obj().put("reason", "r").put("decisionHash", h("r")), registrar),
        new Case("forwardObjection", Map.of("objectionNo", oi), obj(), registrar),
        new Case("sweep", Map.of(), obj(), Set.of("registrar", "admin")),
        // issue 25: several registries (the admin's organisation already runs the first; there is no registry SZ)
        new Case("openRegistry", Map.of(), obj().put("code", "SZ").put("name", "深圳").put("defaultProfile", "TJ-DIP"), Set.of("admin")),
        new Case("proposeRecognition", Map.of(), obj().put("counterparty", "SZ"), Set.of("admin")),
        new Case("acceptRecognition", Map.of("id", "RA-20260101-000000000000"), obj(), Set.of("admin")),
        new Case("withdrawRecognition", Map.of("id", "RA-20260101-000000000000"), obj(), Set.of("admin")),
        new Case("addPeerRegistry", Map.of(), peer(), Set.of("admin")),
        new Case("recordPeerDuplicate", Map.of("regNo", rn), obj().set("voucher", peerVoucher()), registrar));
    Set<String> covered = new HashSet<>();
    for (Case c : cases) {
      covered.add(c.op());
      for (String who : CALLERS) {
        Reply r = call(c.op(), who, c.params(), c.body());
        if (c.allowed().contains(who)) {
          assertThat(r.status()).as("%s by %s: %s", c.op(), who, r.body()).isNotIn(401, 403);
        } else {
          assertThat(r.status()).as("%s by %s: %s", c.op(), who, r.body()).isEqualTo(403);
          assertThat(r.contentType()).startsWith("application/problem+json");
        }
      }
    }
    // Every operation that writes is in the matrix (initLedger is refused to everyone once initialised).
    for (Operation op : api.operations()) {
      if ((op.kind() == Operation.Kind.SUBMIT || op.id().equals("issueCertificate")) && !op.id().equals("initLedger")) {
        assertThat(covered).as("matrix covers " + op.id()).contains(op.id());
      }
    }
    // Once initialised, only the registry admin learns so (409); everyone else is refused before the ledger is asked (403).
    for (String who : CALLERS) {
      Reply init = call("initLedger", who, Map.of(), obj().put("registryMsp", "RegistryMSP").put("registryName", "x").put("defaultProfile", "TJ-DIP"));
      assertThat(init.status()).as("initLedger by %s: %s", who, init.body()).isEqualTo(who.equals("admin") ? 409 : 403);
    }
  }

  @Test
  void trades_of_inactive_or_pledged_assets_and_deliveries_outside_the_licence_are_refused() throws Exception {
    Reply inNotice = call("recordTrade", "exchange", Map.of("regNo", noticeRegistration("trade in notice")), licenceTrade(accountA, accountB));
    assertThat(inNotice.status()).isEqualTo(409);
    assertThat(inNotice.body().path("detail").asText()).contains("PUBLIC_NOTICE");

    String pledgedReg = listed("trade pledged");
    ok(call("addEncumbrance", "holder", Map.of("regNo", pledgedReg), pledge(accountB)));
    Reply pledged = call("recordTrade", "exchange", Map.of("regNo", pledgedReg), licenceTrade(accountA, accountB));
    assertThat(pledged.status()).isEqualTo(409);
    assertThat(pledged.body().path("detail").asText()).contains("pledged to " + accountB);

    String regNo = listed("trade scope");
    ObjectNode shortLicence = licenceTrade(accountA, accountB);
    ((ObjectNode) shortLicence.get("term")).put("until", shortLicence.path("term").path("from").asText());
    String tradeNo = ok(call("recordTrade", "exchange", Map.of("regNo", regNo), shortLicence)).path("tradeNo").asText();
    Reply otherScenario = call("recordDelivery", "holder", Map.of("tradeNo", tradeNo), delivery("scope").put("scenario", "精准营销"));
    assertThat(otherScenario.status()).isEqualTo(409);
    assertThat(otherScenario.body().path("detail").asText()).contains("outside trade " + tradeNo);
    ok(call("recordDelivery", "holder", Map.of("tradeNo", tradeNo), delivery("scope")));
    // Last: the ledger's time never goes back, so nothing inside the term can be recorded after this.
    clock.set(clock.instant().plus(Duration.ofDays(2)));
    Reply afterTerm = call("recordDelivery", "holder", Map.of("tradeNo", tradeNo), delivery("scope after"));
    assertThat(afterTerm.status()).isEqualTo(409);
    assertThat(afterTerm.body().path("detail").asText()).contains("outside that term");
  }

  @Test
  void reads_answer_every_identified_caller_and_confidential_material_only_those_entitled() throws Exception {
    ObjectNode application = application(evidence("holder", "confidential matrix"));
    application.putObject("confidential").put("idNumber", "120101199001019999");
    String regNo = ok(call("submit", "holder", Map.of(), application)).path("regNo").asText();
    // Every read of the ledger answers any identified caller (the ledger holds hashes and public fields only) and nobody anonymous,
    // but for the reads the table restricts (the role table, for registry admins: tested with the matrix above).
    for (Operation op : api.operations()) {
      if (op.kind() != Operation.Kind.EVALUATE || !op.callers().isEmpty()) {
        continue;
      }
      Map<String, String> params = op.pathParams().isEmpty() ? Map.of() : Map.of(op.pathParams().get(0),
          op.pathParams().get(0).equals("regNo") ? regNo : op.pathParams().get(0).equals("id") && op.id().equals("getAccount") ? accountA : "X-1");
      for (String who : CALLERS) {
        assertThat(call(op.id(), who, params, null).status()).as("%s by %s", op.id(), who).isNotIn(401, 403);
      }
      assertThat(call(op.id(), null, params, null).status()).as("%s anonymously", op.id()).isEqualTo(401);
    }
    // Confidential material: the holder, the registry, regulators, and an exchange with an open listing check; nobody else.
    assertThat(call("getConfidential", "exchange", Map.of("regNo", regNo), null).status()).isEqualTo(403);
    ok(call("recordListingCheck", "exchange", Map.of("regNo", regNo), obj()));
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("holder", 200);
    expected.put("registrar", 200);
    expected.put("regulator", 200);
    expected.put("exchange", 200);
    expected.put("exchange2", 403);
    expected.put("holder2", 403);
    expected.put("reviewer", 403);
    expected.put("admin", 403);
    expected.put("foreign", 403);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      Reply r = call("getConfidential", e.getKey(), Map.of("regNo", regNo), null);
      assertThat(r.status()).as("confidential material read by %s", e.getKey()).isEqualTo(e.getValue());
      assertThat(r.body().toString().contains("120101199001019999")).isEqualTo(e.getValue() == 200);
    }
    assertThat(call("getConfidential", null, Map.of("regNo", regNo), null).status()).isEqualTo(401);
    // Public views show notice and announcement fields only.
    String board = call("publicNotices", null, Map.of(), null).body().toString() + call("publicAnnouncements", null, Map.of(), null).body();
    assertThat(board).doesNotContain("120101199001019999").doesNotContain("confidentialHash").doesNotContain("creditCodeHash");
  }

  @Test
  void an_exchange_is_refused_another_exchanges_trade_delivery_listing_check_and_vouchers() throws Exception {
    String regNo = issued("another exchange's trade");
    ok(call("issueCertificate", "registrar", Map.of("regNo", regNo), obj()));
    String checkNo = ok(call("recordListingCheck", "exchange", Map.of("regNo", regNo), obj())).path("checkNo").asText();
    String tradeNo = ok(call("recordTrade", "exchange", Map.of("regNo", regNo), licenceTrade(accountA, accountB))).path("tradeNo").asText();
    String deliveryNo = ok(call("recordDelivery", "holder", Map.of("tradeNo", tradeNo), delivery("another exchange"))).path("deliveryNo").asText();
    Map<String, Map<String, String>> reads = new LinkedHashMap<>();
    reads.put("getTrade", Map.of("id", tradeNo));
    reads.put("getTradeVoucher", Map.of("id", tradeNo));
    reads.put("getDelivery", Map.of("id", deliveryNo));
    reads.put("getListingCheck", Map.of("id", checkNo));
    reads.put("getListingCheckVoucher", Map.of("id", checkNo));
    for (Map.Entry<String, Map<String, String>> read : reads.entrySet()) {
      ok(call(read.getKey(), "exchange", read.getValue(), null));
      ok(call(read.getKey(), "regulator", read.getValue(), null));
      Reply other = call(read.getKey(), "exchange2", read.getValue(), null);
      assertThat(other.status()).as("%s by another exchange: %s", read.getKey(), other.body()).isEqualTo(403);
      assertThat(other.body().toString()).doesNotContain(accountB);
    }
    // Nor does another exchange's trade open the asset's confidential material to it.
    assertThat(call("getConfidential", "exchange2", Map.of("regNo", regNo), null).status()).isEqualTo(403);
  }

  @Test
  void trade_and_delivery_lists_show_each_caller_what_it_may_see_and_refuse_bad_queries() throws Exception {
    String regNo = listed("listed trades");
    String t1 = ok(call("recordTrade", "exchange", Map.of("regNo", regNo), licenceTrade(accountA, accountB))).path("tradeNo").asText();
    clock.advance(Duration.ofSeconds(5));
    String t2 = ok(call("recordTrade", "exchange", Map.of("regNo", regNo), licenceTrade(accountA, accountC))).path("tradeNo").asText();
    String d1 = ok(call("recordDelivery", "holder", Map.of("tradeNo", t1), delivery("listed 1"))).path("deliveryNo").asText();
    // Lists run in time order, then by number; numbers come from transaction ids, so the two
    // deliveries get times of their own for the order below to be the only right one.
    clock.advance(Duration.ofSeconds(5));
    String d2 = ok(call("recordDelivery", "holder", Map.of("tradeNo", t2), delivery("listed 2"))).path("deliveryNo").asText();
    ok(call("answerDelivery", "carol", Map.of("deliveryNo", d2), obj().put("accepted", true).put("answerHash", h("ok"))));
    // Who sees what: regulators everything, the exchange its own, each party its trades and their deliveries.
    Map<String, List<String>> trades = new LinkedHashMap<>();
    trades.put("regulator", List.of(t1, t2));
    trades.put("exchange", List.of(t1, t2));
    trades.put("holder", List.of(t1, t2));
    trades.put("holder2", List.of(t1));
    trades.put("carol", List.of(t2));
    for (Map.Entry<String, List<String>> e : trades.entrySet()) {
      JsonNode page = ok(call("listTrades", e.getKey(), Map.of(), null, "?regNo=" + regNo));
      assertThat(page.path("items").findValuesAsText("tradeNo")).as("trades seen by %s", e.getKey()).isEqualTo(e.getValue());
      assertThat(page.path("behind").asBoolean()).isFalse();
      List<String> deliveries = e.getValue().stream().map(t -> t.equals(t1) ? d1 : d2).toList();
      assertThat(ok(call("listDeliveries", e.getKey(), Map.of(), null, "?regNo=" + regNo)).path("items").findValuesAsText("deliveryNo"))
          .as("deliveries seen by %s", e.getKey()).isEqualTo(deliveries);
    }
    assertThat(ok(call("listDeliveries", "regulator", Map.of(), null, "?regNo=" + regNo + "&status=ACCEPTED")).path("items")
        .findValuesAsText("deliveryNo")).containsExactly(d2);
    for (String who : List.of("registrar", "reviewer", "admin", "foreign")) {
      assertThat(call("listTrades", who, Map.of(), null, "?regNo=" + regNo).status()).as("trades listed for %s", who).isEqualTo(403);
    }
    Reply others = call("listTrades", "holder2", Map.of(), null, "?party=" + accountA);
    assertThat(others.status()).isEqualTo(403);
    assertThat(others.body().path("detail").asText()).contains(accountB);
    assertThat(call("listTrades", "exchange", Map.of(), null, "?exchange=OtherExchangeMSP").status()).isEqualTo(403);
    assertThat(call("listTrades", null, Map.of(), null, "").status()).isEqualTo(401);

    // Pages of one, in time order, each with the bookmark of the next; time ranges by instant or China date.
    JsonNode first = ok(call("listTrades", "regulator", Map.of(), null, "?regNo=" + regNo + "&pageSize=1"));
    assertThat(first.path("items").findValuesAsText("tradeNo")).containsExactly(t1);
    String bookmark = first.path("bookmark").asText();
    JsonNode second = ok(call("listTrades", "regulator", Map.of(), null, "?regNo=" + regNo + "&pageSize=1&bookmark=" + bookmark));
    assertThat(second.path("items").findValuesAsText("tradeNo")).containsExactly(t2);
    assertThat(second.path("bookmark").asText()).isEmpty();
    String secondTime = second.path("items").get(0).path("tradedAt").asText();
    assertThat(ok(call("listTrades", "regulator", Map.of(), null, "?regNo=" + regNo + "&from=" + secondTime)).path("items")
        .findValuesAsText("tradeNo")).containsExactly(t2);
    assertThat(ok(call("listTrades", "regulator", Map.of(), null, "?regNo=" + regNo + "&to=" + secondTime)).path("items")
        .findValuesAsText("tradeNo")).containsExactly(t1);
    String day = Instant.parse(secondTime).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    assertThat(ok(call("listTrades", "regulator", Map.of(), null, "?regNo=" + regNo + "&from=" + day + "&to=" + day)).path("items")
        .findValuesAsText("tradeNo")).contains(t2);

    // Bad queries: 400 problem+json naming the parameter and how to put it right; nothing answered.
    record Bad(String query, String field, String says) {}
    for (Bad b : List.of(
        new Bad("?status=PAID", "status", "RECORDED, SETTLED, DISPUTED, RESOLVED"),
        new Bad("?from=yesterday", "from", "2026-03-02T08:00:00Z"),
        new Bad("?from=2026-03-05&to=2026-03-01", "to", "later than from"),
        new Bad("?pageSize=501", "pageSize", "500"),
        new Bad("?pageSize=many", "pageSize", "whole number"),
        new Bad("?holder=" + accountA, "holder", "exchange, party, regNo"),
        new Bad("?regNo=" + regNo + "&pageSize=1&status=SETTLED&bookmark=" + bookmark, "bookmark", "same filters"),
        new Bad("?party=a%20b%00c", "party", "identifier"))) {
      Reply r = call("listTrades", "regulator", Map.of(), null, b.query());
      assertThat(r.status()).as(b.query()).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body().path("field").asText()).as(b.query()).isEqualTo(b.field());
      assertThat(r.body().path("detail").asText()).as(b.query()).contains(b.says());
    }
    Reply badDelivery = call("listDeliveries", "regulator", Map.of(), null, "?status=SETTLED");
    assertThat(badDelivery.status()).isEqualTo(400);
    assertThat(badDelivery.body().path("detail").asText()).contains("DELIVERED, ACCEPTED, REJECTED, COMPLETED, DELETED");

    // The index's position is visible to operators.
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode index = Json.mapper().readTree(health.body()).path("index");
    assertThat(index.path("state").asText()).isIn("READY", "CATCHING_UP");
    assertThat(index.path("indexedThrough").asLong()).isGreaterThan(0);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("dareg_index_lag_blocks ").contains("dareg_index_records{kind=\"trade\"} ");
  }

  @Test
  void health_warns_when_the_working_day_calendar_covers_less_than_60_days_ahead() throws Exception {
    // issue 20: on 5 December of the calendar's last year it runs out in 26 days
    int last = ok(call("getCalendar", "registrar", Map.of(), null)).path("lastYear").asInt();
    Instant before = clock.instant();
    try {
      clock.set(Instant.parse(last + "-12-05T02:00:00Z"));
      JsonNode late = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(late.path("warnings").get(0).asText())
          .contains("ends on " + last + "-12-31").contains("26 days").contains("dareg calendar set " + (last + 1) + " FILE");
      clock.set(Instant.parse(last + "-10-01T02:00:00Z"));
      JsonNode early = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(early.has("warnings")).isFalse();
    } finally {
      clock.set(before);
    }
  }

  @Test
  void bad_input_gets_a_problem_and_writes_nothing() throws Exception {
    String regNo = ok(call("submit", "holder", Map.of(), application(evidence("holder", "bad input")))).path("regNo").asText();
    long height = ledger.height();
    String path = "/api/v1/registrations/" + regNo + "/formal-review";
    String registrar = tokens.get("registrar");
    record Bad(String body, String contentType, int status, String type, String field) {}
    List<Bad> bad = List.of(
        new Bad("{\"outcome\":", "application/json", 400, "invalid", "request"),
        new Bad("[1,2]", "application/json", 400, "invalid", "request"),
        new Bad("{\"outcome\":\"PASS\",\"opinionHash\":7}", "application/json", 400, "invalid", "opinionHash"),
        new Bad("{\"outcome\":\"MAYBE\",\"opinionHash\":\"" + h("x") + "\"}", "application/json", 400, "invalid", "outcome"),
        new Bad("{\"outcome\":\"PASS\",\"opinionHash\":\"" + h("x") + "\",\"extra\":1}", "application/json", 400, "invalid", "extra"),
        new Bad("{\"outcome\":\"PASS\",\"outcome\":\"REJECT\",\"opinionHash\":\"" + h("x") + "\"}", "application/json", 400, "invalid", "request"),
        new Bad("{\"outcome\":\"PASS\",\"opinionHash\":\"zz\"}", "application/json", 400, "invalid", "opinionHash"),
        new Bad("{\"regNo\":\"DR-OTHER\",\"outcome\":\"PASS\",\"opinionHash\":\"" + h("x") + "\"}", "application/json", 400, "invalid", "regNo"),
        new Bad("outcome=PASS", "application/x-www-form-urlencoded", 415, "unsupported-media-type", null),
        new Bad("{\"outcome\":\"PASS\",\"opinionHash\":\"" + "a".repeat((int) MAX_BODY) + "\"}", "application/json", 413, "payload-too-large", null));
    for (Bad b : bad) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Authorization", "Bearer " + registrar).header("Content-Type", b.contentType())
          .POST(HttpRequest.BodyPublishers.ofString(b.body())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(b.body().length() > 80 ? "oversize" : b.body()).isEqualTo(b.status());
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
      JsonNode p = Json.mapper().readTree(r.body());
      assertThat(p.path("type").asText()).isEqualTo(Problem.BASE + b.type());
      assertThat(p.path("status").asInt()).isEqualTo(b.status());
      if (b.field() != null) {
        assertThat(p.path("field").asText()).as(r.body()).isEqualTo(b.field());
      }
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.dareg");
    }
    assertThat(ledger.height()).as("nothing was written").isEqualTo(height);
    // No token, or a bad one: 401.
    assertThat(call("startFormalReview", null, Map.of("regNo", regNo), obj()).status()).isEqualTo(401);
    HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/whoami")).header("Authorization", "Bearer x.y.z").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(garbage.statusCode()).isEqualTo(401);
    assertThat(ledger.height()).isEqualTo(height);
  }

  @Test
  void two_gateways_in_one_process_each_keep_their_own_port() throws Exception {
    // Each gateway listens on one server per core; the servers of one must never take the other's connections.
    Path other = Files.createTempDirectory("dareg-api-test-second");
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Operation ping = new Operation("ping", "GET", "/ping", null, null, List.of(), Operation.Kind.GATEWAY, "test only");
    ApiServer second = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.ALLOWED), ca, other,
        clock, MAX_BODY, List.of(ping), Map.of("ping", ctx -> ctx.response().end("second")));
    try {
      int port = second.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
      assertThat("http://127.0.0.1:" + port).isNotEqualTo(base);
      // Asked for any free port, every listener of the gateway serves on the one it found.
      assertThat(second.ports()).hasSize(Listeners.LISTENERS).containsOnly(port);
      for (int i = 0; i < 12; i++) {
        // A new client each time: a new connection, which Vert.x may hand to any of a gateway's servers.
        HttpClient fresh = HttpClient.newHttpClient();
        HttpResponse<String> mine = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/ping"))
            .header("Authorization", "Bearer " + tokens.get("holder")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo("second");
        HttpResponse<String> theirs = fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ping"))
            .header("Authorization", "Bearer " + tokens.get("holder")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(theirs.statusCode()).isEqualTo(404);
      }
    } finally {
      second.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void the_document_describes_exactly_the_served_operations_and_health_and_metrics_answer() throws Exception {
    HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode paths = Json.mapper().readTree(doc.body()).path("paths");
    Set<String> documented = new HashSet<>();
    paths.fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> documented.add(m.getValue().path("operationId").asText())));
    Set<String> served = new HashSet<>();
    for (Operation op : api.operations()) {
      served.add(op.id());
      String path = op.path().replaceAll("\\{[^}]+}", "X-1");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
          .method(op.method(), HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(op.id()).isNotEqualTo(404 == r.statusCode() && r.body().contains("no operation at") ? 404 : -1);
      if (op.authenticated()) {
        assertThat(r.statusCode()).as(op.id() + " needs a token").isEqualTo(401);
      }
    }
    assertThat(documented).isEqualTo(served);
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("dareg_http_requests_total{operation=").contains("dareg_http_request_duration_seconds_bucket");
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/verify.html")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("default-src 'self'");
    assertThat(page.body()).contains("证书查验").contains("verify.js");
    HttpResponse<String> module = http.send(HttpRequest.newBuilder(URI.create(base + "/verify.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(module.headers().firstValue("content-type").orElse("")).contains("javascript");
    HttpResponse<String> traversal = http.send(HttpRequest.newBuilder(URI.create(base + "/..%2F..%2Fetc%2Fpasswd")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(traversal.statusCode()).isEqualTo(404);
    HttpResponse<String> nowhere = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/nowhere")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Reply call(String opId, String who, Map<String, String> params, JsonNode body) throws Exception {
    return call(opId, who, params, body, "");
  }

  private Reply call(String opId, String who, Map<String, String> params, JsonNode body, String query) throws Exception {
    Operation op = api.operations().stream().filter(o -> o.id().equals(opId)).findFirst().orElseThrow();
    String path = op.path();
    for (Map.Entry<String, String> p : params.entrySet()) {
      path = path.replace("{" + p.getKey() + "}", p.getValue());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path + query)).timeout(Duration.ofSeconds(30));
    if (who != null) {
      b.header("Authorization", "Bearer " + tokens.get(who));
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(op.method(), HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(op.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() < 300) {
      used.add(opId);
    }
    return new Reply(r.statusCode(), Json.mapper().readTree(r.body().isEmpty() ? "{}" : r.body()), r.headers().firstValue("content-type").orElse(""));
  }

  private HttpResponse<byte[]> backup(String who) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ledger/backup"))
        .header("Authorization", "Bearer " + tokens.get(who)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode ok(Reply r) {
    assertThat(r.status()).as(r.body().toString()).isBetween(200, 201);
    return r.body();
  }

  private String evidence(String who, String data) throws Exception {
    return ok(call("depositEvidence", who, Map.of(), obj().put("algorithm", "SM3").put("hash", h(data)).put("size", data.length()).put("channel", "dareg")))
        .path("evidenceNo").asText();
  }

  private String noticeRegistration(String data) throws Exception {
    String regNo = ok(call("submit", "holder", Map.of(), application(evidence("holder", data)))).path("regNo").asText();
    ok(call("startFormalReview", "registrar", Map.of("regNo", regNo), obj()));
    ok(call("formalReview", "registrar", Map.of("regNo", regNo), obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    ok(call("substantiveReview", "reviewer", Map.of("regNo", regNo), obj().put("outcome", "PASS").put("opinionHash", h("ok"))));
    ok(call("publishNotice", "registrar", Map.of("regNo", regNo), obj()));
    return regNo;
  }

  private String issued(String data) throws Exception {
    String regNo = noticeRegistration(data);
    JsonNode r = ok(call("getRegistration", "registrar", Map.of("regNo", regNo), null));
    Instant end = Instant.parse(r.path("registration").path("noticeEnd").asText());
    if (clock.instant().isBefore(end)) {
      clock.set(end.plusSeconds(60));
    }
    ok(call("issue", "registrar", Map.of("regNo", regNo), obj()));
    return regNo;
  }

  /** An issued registration with its certificate and a listing check by the exchange that passed: a trade may follow today. */
  private String listed(String data) throws Exception {
    String regNo = issued(data);
    ok(call("issueCertificate", "registrar", Map.of("regNo", regNo), obj()));
    assertThat(ok(call("recordListingCheck", "exchange", Map.of("regNo", regNo), obj())).path("listable").asBoolean()).isTrue();
    return regNo;
  }

  private ObjectNode pledge(String to) {
    String today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode p = obj().put("kind", "PLEDGE").put("counterparty", to).put("scope", "whole asset").put("exclusive", false)
        .put("contractHash", h("pledge " + to + today)).put("contractDate", today);
    p.putObject("term").put("from", today);
    return p;
  }

  private ObjectNode licenceTrade(String seller, String buyer) {
    String today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode t = obj().put("seller", seller).put("buyer", buyer).put("kind", "LICENCE").put("scope", "monthly scores")
        .put("contractHash", h("trade " + seller + buyer + today)).put("amountHash", h("amount")).put("pricingMethod", "negotiated");
    t.putArray("scenarios").add("信用评估");
    t.putObject("term").put("from", today);
    return t;
  }

  private static ObjectNode delivery(String payload) {
    return obj().put("mode", "FILE").put("scenario", "信用评估").put("algorithm", "SM3").put("payloadRoot", h(payload))
        .put("size", 4096).put("parts", 1);
  }

  /** A registration with one deposit for the authorisation matrix: each holder's call is refused by the rules (the evidence it also names does not exist). */
  private static ObjectNode registerRequest() {
    ObjectNode r = obj();
    r.putArray("evidence").addObject().put("algorithm", "SM3").put("hash", h("matrix register")).put("size", 1).put("channel", "dareg");
    r.set("application", application("EV-20260101-000000000000"));
    return r;
  }

  /** An application for this test's dataset on one evidence deposit. */
  private static ObjectNode application(String evidenceNo) {
    return TestRequests.application(evidenceNo, "企业信用评估+工商登记数据");
  }

  private String account(String name, String msp, String id) throws Exception {
    return ok(call("openAccount", "registrar", Map.of(), TestRequests.account(name, msp, id))).path("accountId").asText();
  }

  /** A request for the year after the last one the ledger's calendar covers (test dates, not an official notice). */
  private ObjectNode nextCalendarYear() throws Exception {
    int year = ok(call("getCalendar", "registrar", Map.of(), null)).path("lastYear").asInt() + 1;
    ObjectNode y = obj().put("year", year).put("source", "test arrangement for " + year);
    y.putArray("holidays").add(year + "-01-01");
    y.putArray("workdays");
    return y;
  }

  /** Issue 25: a peer registry entry (its root: any readable certificate will do for the matrix). */
  private ObjectNode peer() {
    try {
      return obj().put("code", "GZ").put("msp", "PeerMSP").put("name", "广州").put("url", "https://gz.example")
          .put("root", java.util.Base64.getEncoder().encodeToString(registryRoot.getEncoded()));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Issue 25: a registered-hash voucher of a registry that is no peer here. */
  private static ObjectNode peerVoucher() {
    ObjectNode v = obj().put("mediaType", io.dareg.core.cert.Voucher.MEDIA_TYPE).put("kind", "registered-hash").put("signedAt", "2026-03-02T02:00:00Z");
    v.set("record", obj().put("registry", "GZ").put("hash", "ab".repeat(32)).set("regNos", Json.mapper().createArrayNode()));
    v.set("signature", obj().put("algorithm", "ECDSA-P256-SHA256").put("keyId", "k").put("value", "AA==").set("chain", Json.mapper().createArrayNode()));
    return v;
  }
}
