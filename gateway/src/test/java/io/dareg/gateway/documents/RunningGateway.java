package io.dareg.gateway.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
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
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A real gateway on an ephemeral port over an embedded ledger, with a registry, a holder, a
 * reviewer and a regulator, able to take a registration all the way to a signed certificate.
 * Tokens are single-use, as outside dev mode: every request here signs a fresh one.
 */
final class RunningGateway implements AutoCloseable {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, KeyPair> keys = new java.util.HashMap<>();
  private final Map<String, X509Certificate> certificates = new java.util.HashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final Vertx vertx;
  private final EmbeddedLedger ledger;
  private final ApiServer api;
  private final CertificateAuthority ca;
  private final String base;
  private final String holderAccount;
  private final String pledgeeAccount;
  private final String strangerAccount;
  private int data;
  private final Path dir;
  /** The dev witness (issue 24), when asked for. */
  private final io.dareg.gateway.DevWitness witness;

  RunningGateway() throws Exception {
    this(false);
  }

  /** With {@code witnessed}, the ledger names the dev witness (quorum 1) and the witness cosigns every 200 ms, as in serve --dev. */
  RunningGateway(boolean witnessed) throws Exception {
    this(witnessed, SignatureAlgorithm.ECDSA_P256_SHA256);
  }

  /** As {@link #RunningGateway(boolean)}, the registry's CA (its root and issuing key) of {@code caAlgorithm}: SM2 for a registry signing with SM2/SM3. */
  RunningGateway(boolean witnessed, SignatureAlgorithm caAlgorithm) throws Exception {
    dir = Files.createTempDirectory("dareg-documents");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), caAlgorithm, clock);
    Signatures sig = new Signatures(new BouncyCastleProvider());
    String[][] ids = {
      {"admin", "RegistryMSP", "admin", "registry-admin"}, {"registrar", "RegistryMSP", "registrar", "registrar-1"},
      {"reviewer", "ReviewMSP", "reviewer", "reviewer-1"}, {"holder", "EnterpriseMSP", "holder", "alice"},
      {"regulator", "RegulatorMSP", "regulator", "regulator-1"}, {"exchange", "ExchangeMSP", "exchange", "exchange-1"},
      {"bank", "EnterpriseMSP", "holder", "bank"}, {"stranger", "EnterpriseMSP", "holder", "carol"}
    };
    for (String[] id : ids) {
      KeyPair pair = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
      keys.put(id[0], pair);
      certificates.put(id[0], ca.issueClient(id[1], id[2], id[3], pair.getPublic(), Duration.ofDays(3650)));
    }
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20, List.of(), Map.of());
    base = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    ObjectNode init = obj().put("registryMsp", "RegistryMSP").put("registryName", "天津数据资产登记中心").put("defaultProfile", "TJ-DIP");
    if (witnessed) {
      init.putArray("logWitnesses").add(io.dareg.gateway.DevWitness.key(dir).verifier().toString());
      init.put("logWitnessQuorum", 1);
    }
    post("admin", "/ledger/init", init);
    witness = witnessed ? io.dareg.gateway.DevWitness.start(dir, api, Duration.ofMillis(200)) : null;
    post("admin", "/roles", roleGrant("ReviewMSP", "CN=reviewer-1,OU=reviewer", "REVIEWER"));
    post("admin", "/roles", roleGrant("RegulatorMSP", "CN=regulator-1,OU=regulator", "REGULATOR"));
    holderAccount = account("甲数据科技有限公司", "CN=alice,OU=holder");
    pledgeeAccount = account("乙银行股份有限公司", "CN=bank,OU=holder");
    strangerAccount = account("丙数据服务有限公司", "CN=carol,OU=holder");
  }

  /** Moves the ledger's clock to {@code t}. */
  void at(Instant t) {
    clock.set(t);
  }

  /**
   * The exchange checks the listing and records a licence of {@code regNo} to the bank; the holder
   * delivers a file, the bank answers, the exchange records settlement; answers the trade number.
   */
  String licenceAndDeliver(String regNo, boolean accept) throws Exception {
    String tradeNo = licence(regNo);
    String deliveryNo = post("holder", "/trades/" + tradeNo + "/deliveries", obj().put("mode", "FILE").put("scenario", "信用评估")
        .put("algorithm", "SM3").put("payloadRoot", h("payload " + regNo)).put("size", 1024).put("parts", 1)).path("deliveryNo").asText();
    post("bank", "/deliveries/" + deliveryNo + "/answer", obj().put("accepted", accept).put("answerHash", h("answer")));
    post("exchange", "/trades/" + tradeNo + "/settlement", obj().put("settlementHash", h("bank ref " + tradeNo)));
    return tradeNo;
  }

  /** The exchange checks the listing and records a licence of {@code regNo} to the bank; answers the trade number. */
  String licence(String regNo) throws Exception {
    post("exchange", "/registrations/" + regNo + "/listing-checks", obj());
    String today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode trade = obj().put("seller", holderAccount).put("buyer", pledgeeAccount).put("kind", "LICENCE").put("scope", "全部数据")
        .put("contractHash", h("licence " + regNo)).put("amountHash", h("100000")).put("amount", 100000L).put("pricingMethod", "协议定价");
    trade.putArray("scenarios").add("信用评估");
    trade.putObject("term").put("from", today);
    return post("exchange", "/registrations/" + regNo + "/trades", trade).path("tradeNo").asText();
  }

  /** Someone objects to {@code regNo} during its notice; answers the objection. */
  JsonNode object(String regNo) throws Exception {
    return post("stranger", "/registrations/" + regNo + "/objections", obj().put("kind", "GENERAL").put("groundsHash", h("grounds"))
        .put("evidenceHash", h("evidence")));
  }

  /** Where the gateway listens, e.g. {@code http://127.0.0.1:40123}. */
  String base() {
    return base;
  }

  /** The registry root that certificates chain to. */
  X509Certificate root() {
    return ca.root();
  }

  /** The ledger's clock, for verifying at ledger time. */
  Instant now() {
    return clock.instant();
  }

  /**
   * The directory of {@code who}'s identity as the dareg command line takes it: {@code cert.pem}
   * and {@code key.pem} (PKCS#8), written to a new temporary directory.
   */
  Path identity(String who) throws Exception {
    return identity(who, certificates.get(who), keys.get(who));
  }

  /** An identity directory for {@code who} with {@code certificate} and the private key of {@code pair}. */
  static Path identity(String who, X509Certificate certificate, KeyPair pair) throws Exception {
    Path dir = Files.createTempDirectory("dareg-identity-" + who);
    Files.writeString(dir.resolve("cert.pem"), CertificateAuthority.pem(certificate));
    Files.writeString(dir.resolve("key.pem"), Signatures.toPem(pair.getPrivate()));
    return dir;
  }

  /**
   * A further identity of the registry's CA with a key of the given algorithm, as {@link #identity}
   * writes it; {@code who} names it from then on.
   */
  Path newIdentity(String who, String msp, String role, SignatureAlgorithm algorithm) throws Exception {
    KeyPair pair = new Signatures(new BouncyCastleProvider()).generate(algorithm);
    keys.put(who, pair);
    certificates.put(who, ca.issueClient(msp, role, who, pair.getPublic(), Duration.ofDays(3650)));
    return identity(who);
  }

  /** Moves the ledger's clock just past the end of a registration's notice, if it is not already. */
  void passNotice(JsonNode registration) {
    Instant end = Instant.parse(registration.path("noticeEnd").asText());
    if (clock.instant().isBefore(end)) {
      clock.set(end.plusSeconds(60));
    }
  }

  /** A new application by the holder, as submitted; answers its number. */
  String submitted() throws Exception {
    return submitted("holder", "data set " + (++data), null);
  }

  /**
   * A new application by {@code who} (a holder with an account) resting on the deposited hash of {@code text}, at
   * {@code registry} (null: the ledger's first registry); answers the registration as submitted.
   */
  String submitted(String who, String text, String registry) throws Exception {
    String ev = post(who, "/evidence", obj().put("algorithm", "SM3").put("hash", h(text)).put("size", text.length()).put("channel", "dareg")).path("evidenceNo").asText();
    ObjectNode a = application(ev);
    if (registry != null) {
      a.put("registry", registry);
    }
    return post(who, "/registrations", a).path("regNo").asText();
  }

  /** A new application held jointly by the holder and the bank, which has confirmed it; answers its number. */
  String jointlySubmitted() throws Exception {
    String text = "joint data set " + (++data);
    String ev = post("holder", "/evidence", obj().put("algorithm", "SM3").put("hash", h(text)).put("size", text.length()).put("channel", "dareg")).path("evidenceNo").asText();
    ObjectNode a = application(ev);
    a.putArray("coHolders").add(pledgeeAccount);
    String regNo = post("holder", "/registrations", a).path("regNo").asText();
    post("bank", "/registrations/" + regNo + "/confirmation", obj());
    return regNo;
  }

  /** A registration held jointly by the holder and the bank, issued with its certificate signed; answers its number. */
  String jointlyIssued() throws Exception {
    JsonNode notice = review(jointlySubmitted());
    String regNo = notice.path("regNo").asText();
    passNotice(notice);
    post("registrar", "/registrations/" + regNo + "/issue", obj());
    post("registrar", "/registrations/" + regNo + "/certificates", obj());
    return regNo;
  }

  /** A new registration, reviewed and put in public notice; answers the registration. */
  JsonNode inNotice() throws Exception {
    return review(submitted());
  }

  /** Takes an application through formal and substantive review into public notice; answers the registration. */
  private JsonNode review(String regNo) throws Exception {
    post("registrar", "/registrations/" + regNo + "/formal-review/start", obj());
    post("registrar", "/registrations/" + regNo + "/formal-review", obj().put("outcome", "PASS").put("opinionHash", h("ok")));
    post("reviewer", "/registrations/" + regNo + "/substantive-review", obj().put("outcome", "PASS").put("opinionHash", h("authentic")));
    return post("registrar", "/registrations/" + regNo + "/notice", obj());
  }

  /** The demo holder's account (甲数据科技有限公司). */
  String holderAccount() {
    return holderAccount;
  }

  /** The bank's account (乙银行股份有限公司). */
  String pledgeeAccount() {
    return pledgeeAccount;
  }

  /** Carol's account (丙数据服务有限公司), which holds nothing to begin with. */
  String strangerAccount() {
    return strangerAccount;
  }

  /** A new registration taken to ISSUED, without a certificate or encumbrance; answers its number. */
  String issued() throws Exception {
    JsonNode notice = inNotice();
    String regNo = notice.path("regNo").asText();
    passNotice(notice);
    post("registrar", "/registrations/" + regNo + "/issue", obj());
    return regNo;
  }

  /**
   * A registration taken to ISSUED with its certificate signed, resting on the holder's evidence of {@code algorithm}
   * {@code hash} (the real hash of some data, {@code size} bytes); answers the certificate.
   */
  JsonNode certificateOn(String algorithm, String hash, long size) throws Exception {
    String ev = post("holder", "/evidence", obj().put("algorithm", algorithm).put("hash", hash).put("size", size).put("channel", "dareg"))
        .path("evidenceNo").asText();
    JsonNode notice = review(post("holder", "/registrations", application(ev)).path("regNo").asText());
    String regNo = notice.path("regNo").asText();
    passNotice(notice);
    post("registrar", "/registrations/" + regNo + "/issue", obj());
    return post("registrar", "/registrations/" + regNo + "/certificates", obj());
  }

  /** A new registration taken to ISSUED, pledged to a bank, and its certificate signed; answers the certificate. */
  JsonNode issueCertificate() throws Exception {
    String regNo = issued();
    String today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
    ObjectNode pledge = obj().put("kind", "PLEDGE").put("counterparty", pledgeeAccount).put("scope", "全部数据资产").put("exclusive", false)
        .put("contractHash", h("pledge " + regNo)).put("contractDate", today);
    pledge.putObject("term").put("from", today);
    post("holder", "/registrations/" + regNo + "/encumbrances", pledge);
    return post("registrar", "/registrations/" + regNo + "/certificates", obj());
  }

  /** The act of a new certificate's registration, exported with its log receipt once the dev witness has cosigned it (within 20 s). */
  ObjectNode witnessedAct() throws Exception {
    String regNo = issueCertificate().path("payload").path("regNo").asText();
    String txId = io.dareg.core.json.Json.mapper().readTree(get("regulator", "/api/v1/registrations/" + regNo + "/history").body())
        .get(0).path("txId").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (get("/api/v1/log/receipts/" + txId).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("transaction " + txId + " was not witnessed within 20 s");
      }
      Thread.sleep(100);
    }
    return (ObjectNode) io.dareg.core.json.Json.mapper().readTree(get("regulator", "/api/v1/acts/" + txId).body());
  }

  /** The regulator revokes the registration by court order. */
  void revoke(String regNo) throws Exception {
    post("regulator", "/registrations/" + regNo + "/revocation",
        obj().put("basis", "ORDER").put("orderRef", "(2026)津01").put("reasonHash", h("order")).put("reason", "court order"));
  }

  /** The exchange marks {@code tradeNo} disputed. */
  void dispute(String tradeNo) throws Exception {
    post("exchange", "/trades/" + tradeNo + "/dispute", obj().put("status", "DISPUTED").put("documentHash", h("dispute " + tradeNo)));
  }

  /** How many entries the transparency log holds now: every committed act. */
  long logSize() {
    return api.log().size();
  }

  /** Entry {@code index} of the transparency log, as the log holds it. */
  byte[] logEntry(long index) {
    return api.log().entry(index);
  }

  /** The ledger behind the gateway, for reading it as the gateway does. */
  EmbeddedLedger ledger() {
    return ledger;
  }

  /** A GET without a token. */
  HttpResponse<byte[]> get(String path) throws Exception {
    return get(null, path);
  }

  /** A GET as {@code who}, or without a token when null. */
  HttpResponse<byte[]> get(String who, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (who != null) {
      b.header("Authorization", "Bearer " + token(who));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  JsonNode post(String who, String path, JsonNode body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (who != null) {
      b.header("Authorization", "Bearer " + token(who));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return Json.mapper().readTree(r.body());
  }

  /** A fresh single-use token of {@code who}. */
  String token(String who) {
    return Tokens.sign(certificates.get(who), keys.get(who).getPrivate(), Instant.now(), Duration.ofMinutes(2));
  }

  /** The gateway's data directory ({@code log/log-key.pub}, {@code dev/witness/witness.vkey}). */
  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    if (witness != null) {
      try {
        witness.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    api.close();
    vertx.close();
    ledger.close();
  }

  private String account(String name, String member) throws Exception {
    ObjectNode a = obj().put("creditCodeHash", h("code " + name)).put("name", name).put("kind", "ENTERPRISE");
    a.putArray("members").addObject().put("msp", "EnterpriseMSP").put("id", member);
    return post("registrar", "/accounts", a).path("accountId").asText();
  }

  static ObjectNode application(String evidenceNo) throws Exception {
    ObjectNode a = obj().put("rightType", "HOLDING");
    a.putArray("evidenceNos").add(evidenceNo);
    // TJ-DIP asks for the applicant's compliance undertaking (issue 20).
    a.putArray("attachments").addObject().put("kind", "COMPLIANCE_UNDERTAKING").put("issuer", "甲公司").put("algorithm", "SM3")
        .put("hash", h("undertaking " + evidenceNo)).put("date", "2026-03-01");
    a.set("asset", Json.mapper().readTree("{\"name\":\"企业信用评估数据集\",\"version\":\"1.0\",\"assetClass\":\"DATA_PRODUCT\","
        + "\"form\":\"DATASET\",\"industry\":\"I64\",\"coverageArea\":\"天津市\",\"timeSpan\":{\"from\":\"2020-01-01\"},"
        + "\"sources\":[\"ENTERPRISE\"],\"acquisition\":\"ORIGINAL\",\"structure\":[],\"scale\":{\"records\":1,\"bytes\":1},"
        + "\"updateFrequency\":\"MONTHLY\",\"scenarios\":[\"信用评估\",\"授信审批\"],\"scope\":\"天津市内金融机构授信\",\"algorithmSummary\":\"汇总\",\"classification\":\"GENERAL\"}"));
    return a;
  }

  private static ObjectNode roleGrant(String msp, String id, String role) {
    ObjectNode g = obj().put("role", role);
    g.putObject("identity").put("msp", msp).put("id", id);
    return g;
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }

  static String h(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
