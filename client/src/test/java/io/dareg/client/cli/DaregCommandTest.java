package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The command line in process against a gateway on port 0: the whole story, and every way verify can fail. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaregCommandTest {
  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  private static final String LEDGER_ID = "dareg:cli-test";
  // Ledger time, fixed inside the working-day calendar's years and moved by the test.
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  /** Whether the gateway serves its dev clock, as a {@code serve --dev} gateway does. */
  private final java.util.concurrent.atomic.AtomicBoolean devClock = new java.util.concurrent.atomic.AtomicBoolean(true);
  private Path dir;
  private Vertx vertx;
  private EmbeddedLedger ledger;
  private ApiServer api;
  private CertificateAuthority ca;
  private String url;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-cli-test");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    vertx = Vertx.vertx();
    ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    // The dev clock tells the command line the ledger's time, which it signs its writes at (issue 23).
    api = new ApiServer(vertx, ledger, new Tokens(List.of(ca.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20,
        DevClockRoute.operations(), DevClockRoute.handlers(clock, devClock::get));
    url = "http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
    for (String[] id : new String[][] {
        {"admin", "RegistryMSP", "admin", "admin"}, {"registrar", "RegistryMSP", "registrar", "registrar"},
        {"reviewer", "ReviewMSP", "reviewer", "reviewer"}, {"holder", "EnterpriseMSP", "holder", "alice"},
        {"buyer", "EnterpriseMSP", "holder", "bob"}, {"exchange", "ExchangeMSP", "exchange", "exchange-1"},
        {"regulator", "RegulatorMSP", "regulator", "regulator"}}) {
      identity(id[0], id[1], id[2], id[3]);
    }
    Files.writeString(dir.resolve("root.pem"), CertificateAuthority.pem(ca.root()));
    // The ledger is set up with the client library; the story below uses only the command line.
    var admin = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("admin/cert.pem")).get(0),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("admin/key.pem")))).build();
    admin.initLedger(new io.dareg.core.api.InitLedgerRequest("RegistryMSP", "测试登记中心", "TJ-DIP", LEDGER_ID,
        java.util.stream.Stream.of("RegistryMSP", "ReviewMSP", "EnterpriseMSP", "ExchangeMSP", "Registry2MSP", "RegulatorMSP")
            .map(msp -> io.dareg.core.model.TrustedRoot.of(msp, ca.root())).toList()));
    admin.grantRole(new io.dareg.core.api.GrantRoleRequest(new io.dareg.core.model.IdentityRef("ReviewMSP", "CN=reviewer,OU=reviewer"), io.dareg.core.model.Role.REVIEWER));
    admin.grantRole(new io.dareg.core.api.GrantRoleRequest(new io.dareg.core.model.IdentityRef("RegulatorMSP", "CN=regulator,OU=regulator"),
        io.dareg.core.model.Role.REGULATOR));
  }

  @AfterAll
  void stop() {
    api.close();
    vertx.close();
    ledger.close();
  }

  private void identity(String name, String msp, String role, String user) throws Exception {
    Signatures sig = new Signatures(new BouncyCastleProvider());
    KeyPair keys = sig.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    Files.writeString(d.resolve("cert.pem"), CertificateAuthority.pem(ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650))));
    Files.writeString(d.resolve("key.pem"), Signatures.toPem(keys.getPrivate()));
  }

  private Run dareg(String who, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // Connection options go after the subcommand(s); find where the positional part starts is not needed: picocli accepts them anywhere.
    all.addAll(List.of("--url", url, "--roots", dir.resolve("root.pem").toString()));
    if (args[0].equals("verify") && !all.contains("--at")) {
      all.addAll(List.of("--at", clock.instant().toString())); // judge validity at ledger time, not wall-clock time
    }
    if (who != null) {
      all.addAll(List.of("--identity", dir.resolve(who).toString()));
    }
    int code = Dareg.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** Commands that work on local files only take no connection options. */
  private Run local(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run ok(Run r) {
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    return r;
  }

  @Test
  void a_whole_story_from_hash_to_verify_and_every_failure_of_verify() throws Exception {
    var registrarClient = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("registrar/cert.pem")).get(0),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("registrar/key.pem")))).build();
    String holderAccount = registrarClient.openAccount(new io.dareg.core.api.OpenAccountRequest("a1".repeat(32), "甲公司",
        io.dareg.core.model.AccountKind.ENTERPRISE, List.of(new io.dareg.core.model.IdentityRef("EnterpriseMSP", "CN=alice,OU=holder")))).accountId();
    String buyerAccount = registrarClient.openAccount(new io.dareg.core.api.OpenAccountRequest("b1".repeat(32), "乙公司",
        io.dareg.core.model.AccountKind.ENTERPRISE, List.of(new io.dareg.core.model.IdentityRef("EnterpriseMSP", "CN=bob,OU=holder")))).accountId();
    assertThat(holderAccount).isNotEqualTo(buyerAccount);

    Path data = dir.resolve("dataset");
    Files.createDirectories(data.resolve("2026"));
    Files.writeString(data.resolve("2026/part-1.csv"), "credit_code,score\n1,87\n");
    Files.writeString(data.resolve("readme.txt"), "企业信用评估数据");
    JsonNode hash = ok(local("hash", data.toString(), "--json")).json();
    assertThat(hash.path("files").asInt()).isEqualTo(2);
    Run proof = ok(local("prove", data.toString(), "2026/part-1.csv", "--root", hash.path("merkleRoot").asText()));
    assertThat(proof.out()).contains("\"root\"");
    assertThat(local("prove", data.toString(), "readme.txt", "--root", "00".repeat(32)).code()).isEqualTo(Dareg.VERIFICATION_FAILED);

    String ev = ok(dareg("holder", "evidence", data.toString(), "--json")).json().path("evidenceNo").asText();
    if (io.dareg.gateway.documents.CjkFont.find().isPresent()) {
      Path report = dir.resolve("evidence-report.pdf");
      ok(dareg("holder", "evidence-report", ev, "-o", report.toString()));
      try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(report.toFile())) {
        assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("存证报告书", ev);
      }
    }
    assertThat(dareg(null, "evidence-report", ev, "-o", dir.resolve("anonymous.pdf").toString()).code()).isNotZero();
    String regNo = ok(dareg("holder", "apply", Path.of(System.getProperty("user.dir")).getParent().resolve("docs/sample-application.yaml").toString(),
        "--evidence", ev, "--json")).json().path("regNo").asText();
    assertThat(ok(dareg("holder", "status", regNo)).out()).contains("SUBMITTED");
    // issue 26: an application and the deposit of its data in one transaction, signed once (the sample's confidential beside it)
    Path more = dir.resolve("more-data.csv");
    Files.writeString(more, "credit_code,score\n2,91\n");
    String sample = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/sample-application.yaml").toString();
    JsonNode one = ok(dareg("holder", "apply", sample, "--deposit", more.toString(), "--json")).json();
    String deposited = one.path("evidence").get(0).path("evidenceNo").asText();
    assertThat(one.path("registration").path("evidenceNos").toString()).isEqualTo("[\"" + deposited + "\"]");
    assertThat(one.path("evidence").get(0).path("hash").asText())
        .isEqualTo(io.dareg.core.crypto.Hashes.hex(io.dareg.core.model.HashAlgorithm.SM3, Files.readAllBytes(more)));
    Run again = dareg("holder", "apply", sample, "--deposit", more.toString());
    assertThat(again.code()).as(again.err()).isEqualTo(Dareg.REFUSED);
    assertThat(again.err()).contains("already registered as " + one.path("registration").path("regNo").asText());
    // issue 20: the sample's DL responsibility undertaking is on the application; a power of attorney is attached by its hash.
    Path poa = dir.resolve("power-of-attorney.pdf");
    Files.writeString(poa, "授权委托书");
    Run attach = ok(dareg("holder", "attach", regNo, "--kind", "POWER_OF_ATTORNEY", "--issuer", "甲数据科技有限公司", "--date", "2026-03-02",
        "--file", poa.toString()));
    assertThat(attach.out()).contains("RESPONSIBILITY_UNDERTAKING").contains("POWER_OF_ATTORNEY (授权委托书)")
        .contains(io.dareg.core.crypto.Hashes.hex(io.dareg.core.model.HashAlgorithm.SM3, Files.readAllBytes(poa)));
    ok(dareg("registrar", "review", regNo, "--start"));
    assertThat(ok(dareg("registrar", "queue")).out()).contains(regNo).contains("DL").doesNotContain("OVERDUE");
    assertThat(ok(dareg("registrar", "queue", "--overdue")).out()).contains("no formal review is overdue");
    ok(dareg("registrar", "review", regNo, "--formal", "PASS", "--opinion", "complete"));
    ok(dareg("reviewer", "review", regNo, "--substantive", "PASS", "--opinion", "authentic"));
    JsonNode notice = ok(dareg("registrar", "notice", regNo, "--json")).json();
    assertThat(ok(dareg(null, "notices")).out()).contains(regNo);
    assertThat(dareg("registrar", "issue", regNo).code()).isEqualTo(Dareg.REFUSED);
    clock.set(Instant.parse(notice.path("noticeEnd").asText()).plusSeconds(60));
    Path cert = dir.resolve("cert.json");
    ok(dareg("registrar", "issue", regNo, "-o", cert.toString()));
    assertThat(ok(dareg("holder", "history", regNo)).out()).contains("ISSUED").contains("PUBLIC_NOTICE");
    ok(dareg(null, "cert", "get", regNo + "-C01", "-o", dir.resolve("fetched.json").toString()));
    // A file that cannot be written is told plainly, not as a bare path.
    var nowhere = dareg(null, "cert", "get", regNo + "-C01", "-o", dir.resolve("no-such-folder/cert.json").toString());
    assertThat(nowhere.code()).isEqualTo(Dareg.USAGE);
    assertThat(nowhere.err()).contains("cannot write").contains("no-such-folder").contains("does not exist");
    assertThat(dareg(null, "cert", "pdf", regNo + "-C99", "-o", dir.resolve("none.pdf").toString()).code()).isEqualTo(Dareg.REFUSED);
    if (io.dareg.gateway.documents.CjkFont.find().isPresent()) {
      // The paper form carries the very document that was issued (the gateway's own test reads the rest).
      Path pdf = dir.resolve("cert.pdf");
      assertThat(ok(dareg(null, "cert", "pdf", regNo + "-C01", "-o", pdf.toString())).out()).contains("wrote the PDF of certificate");
      try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
        byte[] attached = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().get(regNo + "-C01.json").getEmbeddedFile().toByteArray();
        assertThat(Json.mapper().readTree(attached)).isEqualTo(Json.mapper().readTree(dir.resolve("fetched.json").toFile()));
      }
    }

    // It verifies, offline and online, with the holder's data.
    Run good = ok(dareg(null, "verify", cert.toString(), "--data", data.toString()));
    assertThat(good.out()).contains("VALID").contains("EVIDENCE         PASS");
    ok(dareg("buyer", "verify", dir.resolve("fetched.json").toString(), "--online"));
    // issue 20: the public validity check by registration number answers for the certificate in force (DL).
    assertThat(ok(dareg(null, "validity", regNo)).out()).contains("in force").contains("yes").contains(regNo + "-C01 ACTIVE");
    Path fees = dir.resolve("fees.yaml");
    Files.writeString(fees, "fees:\n  - {item: 登记申请, amount: 免费, basis: 收费公示 2026}\noperatingRules: 登记业务规则 2026\n");
    assertThat(dareg("registrar", "fees", "--set", fees.toString()).code()).isEqualTo(Dareg.REFUSED);
    ok(dareg("admin", "fees", "--set", fees.toString()));
    assertThat(ok(dareg(null, "fees")).out()).contains("登记申请: 免费").contains("登记业务规则 2026").contains("retention  DL: P15Y");

    // Other data.
    Path other = dir.resolve("other.csv");
    Files.writeString(other, "not the registered data");
    Run mismatch = dareg(null, "verify", cert.toString(), "--data", other.toString());
    assertThat(mismatch.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(mismatch.out()).contains("EVIDENCE         FAIL");

    // A changed byte.
    Path changed = dir.resolve("changed.json");
    Files.writeString(changed, Files.readString(cert).replace("甲公司", "丙公司"));
    Run tampered = dareg(null, "verify", changed.toString());
    assertThat(tampered.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(tampered.out()).contains("SIGNATURE        FAIL");

    // A root the registry does not use.
    CertificateAuthority rogue = CertificateAuthority.loadOrCreate(dir.resolve("rogue"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    Files.writeString(dir.resolve("rogue.pem"), CertificateAuthority.pem(rogue.root()));
    StringWriter out = new StringWriter();
    int code = Dareg.run(new String[] {"verify", cert.toString(), "--roots", dir.resolve("rogue.pem").toString(), "--url", url, "--at", clock.instant().toString()},
        new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    assertThat(code).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(out.toString()).contains("CHAIN            FAIL");

    // Past its validity.
    String until = Json.mapper().readTree(cert.toFile()).path("payload").path("validUntil").asText();
    Run expired = dareg(null, "verify", cert.toString(), "--at", Instant.parse(until).plusSeconds(1).toString());
    assertThat(expired.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(expired.out()).contains("VALIDITY         FAIL");
    // issue 27: --at ledger asks a dev-mode gateway for its clock; a gateway without one keeps real time and says so, as does a wrong instant.
    assertThat(ok(dareg(null, "verify", cert.toString(), "--at", "ledger")).out()).contains("judged at " + clock.instant() + ", the ledger's time");
    devClock.set(false);
    Run noDevClock;
    try {
      noDevClock = dareg(null, "verify", cert.toString(), "--at", "ledger");
    } finally {
      devClock.set(true);
    }
    assertThat(noDevClock.code()).as(noDevClock.err()).isEqualTo(Dareg.USAGE);
    assertThat(noDevClock.err()).contains("no dev clock").contains("leave out --at");
    Run notAnInstant = dareg(null, "verify", cert.toString(), "--at", "2026-03-02");
    assertThat(notAnInstant.code()).isEqualTo(Dareg.USAGE);
    assertThat(notAnInstant.err()).contains("2026-03-02").contains("2026-05-01T00:00:00Z").contains("ledger");

    // An exchange checks and licenses the asset; the holder delivers the data; the buyer accepts; the timeline shows it all.
    assertThat(dareg("holder", "listing-check", regNo).code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("exchange", "listing-check", regNo)).out()).contains("listable     yes");
    String trade = ok(dareg("exchange", "trade", "record", regNo, "--seller", holderAccount, "--buyer", buyerAccount, "--kind", "LICENCE",
        "--from", clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString(), "--scenario", "信用评估", "--contract", "licence 1", "--amount", "100000", "--json")).json().path("tradeNo").asText();
    assertThat(dareg("holder", "deliver", trade, data.toString(), "--scenario", "精准营销").code()).isEqualTo(Dareg.REFUSED);
    String delivery = ok(dareg("holder", "deliver", trade, data.toString(), "--scenario", "信用评估", "--json")).json().path("deliveryNo").asText();
    assertThat(ok(dareg("buyer", "accept", delivery, "--note", "received")).out()).contains("accepted");
    assertThat(ok(dareg("buyer", "trade", "show", trade)).json().path("deliveries").get(0).path("payloadRoot").asText())
        .isEqualTo(hash.path("merkleRoot").asText());
    assertThat(dareg("holder", "delivered", delivery, "--deleted").code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("holder", "delivered", delivery)).out()).doesNotContain("completed    -");
    assertThat(ok(dareg("holder", "delivered", delivery, "--deleted")).out()).doesNotContain("deleted      -");
    assertThat(ok(dareg("exchange", "trade", "settle", trade, "--record", "bank ref 1")).out()).contains("settled").doesNotContain("settled      -");
    assertThat(dareg("buyer", "trade", "dispute", trade, "--document", "complaint").code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("exchange", "trade", "dispute", trade, "--document", "complaint")).out()).contains("DISPUTED");
    assertThat(ok(dareg("exchange", "trade", "dispute", trade, "--resolved", "--document", "award")).out()).contains("RESOLVED");
    // The trade voucher: fetched, kept as a file, checked offline; an edited copy does not verify.
    java.nio.file.Path voucher = data.resolveSibling("trade-voucher.json");
    ok(dareg("buyer", "trade", "voucher", trade, "-o", voucher.toString()));
    assertThat(ok(dareg("buyer", "trade", "voucher", "--check", voucher.toString())).out()).contains("SIGNATURE").contains("PASS");
    java.nio.file.Files.writeString(voucher, java.nio.file.Files.readString(voucher).replace(buyerAccount, holderAccount));
    assertThat(dareg("buyer", "trade", "voucher", "--check", voucher.toString()).code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(ok(dareg("exchange", "provenance", regNo)).out()).contains(trade).contains(delivery).contains("accepted").contains("listable");
    // The exchange's and the parties' lists, from the gateway's query index; the listing check's voucher.
    Run trades = ok(dareg("exchange", "trade", "list", "--reg-no", regNo));
    assertThat(trades.out()).contains("TRADE").contains(trade).contains("RESOLVED").contains(buyerAccount).doesNotContain("more:");
    JsonNode page = ok(dareg("buyer", "trade", "list", "--reg-no", regNo, "--status", "RESOLVED", "--json")).json();
    assertThat(page.path("items").get(0).path("tradeNo").asText()).isEqualTo(trade);
    assertThat(page.path("behind").asBoolean()).isFalse();
    assertThat(ok(dareg("buyer", "trade", "list", "--status", "SETTLED", "--json")).json().path("items")).isEmpty();
    assertThat(ok(dareg("buyer", "trade", "list", "--page-size", "1", "--all", "--from", "2026-01-01", "--json")).json()).hasSize(1);
    assertThat(ok(dareg("exchange", "deliver", "list", "--reg-no", regNo, "--status", "DELETED")).out()).contains("DELIVERY").contains(delivery);
    assertThat(dareg("exchange", "trade", "list", "--status", "PAID").code()).isEqualTo(Dareg.USAGE);
    Run badDate = dareg("exchange", "trade", "list", "--from", "yesterday");
    assertThat(badDate.code()).isEqualTo(Dareg.USAGE);
    assertThat(badDate.err()).contains("2026-03-02");
    assertThat(dareg("registrar", "trade", "list").code()).isEqualTo(Dareg.REFUSED);
    String checkNo = ok(dareg("exchange", "listing-check", regNo, "--json")).json().path("checkNo").asText();
    Path checkVoucher = dir.resolve("listing-check-voucher.json");
    ok(dareg("exchange", "listing-check", "voucher", checkNo, "-o", checkVoucher.toString()));
    assertThat(ok(dareg("exchange", "listing-check", "voucher", "--check", checkVoucher.toString())).out()).contains("VALID listing-check");
    assertThat(dareg("exchange", "listing-check").code()).isEqualTo(Dareg.USAGE);
    assertThat(dareg("holder", "deliver", trade).code()).isEqualTo(Dareg.USAGE);
    Run found = ok(dareg("buyer", "find-hash", "2026/part-1.csv", "--data", data.toString()));
    assertThat(found.out()).contains(ev).contains(delivery).contains("2026/part-1.csv is in the tree (proof holds)").contains("\"root\"");
    JsonNode proofJson = ok(dareg("buyer", "find-hash", "2026/part-1.csv", "--data", data.toString(), "--json")).json();
    assertThat(proofJson.path("proof").path("root").asText()).isEqualTo(hash.path("merkleRoot").asText());
    assertThat(dareg("buyer", "find-hash", "00".repeat(32)).code()).isEqualTo(Dareg.VERIFICATION_FAILED);

    // Superseded by a transfer, then revoked: online verification names the status.
    String transfer = ok(dareg("holder", "transfer", "propose", regNo, "--to", buyerAccount, "--contract", "contract 1", "--json")).json().path("transferNo").asText();
    ok(dareg("buyer", "transfer", "accept", transfer));
    Run superseded = dareg("buyer", "verify", cert.toString(), "--online");
    assertThat(superseded.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(superseded.out()).contains("LEDGER_STATUS    FAIL").contains("SUPERSEDED");
    Path second = dir.resolve("cert2.json");
    ok(dareg("registrar", "issue", regNo, "-o", second.toString()));
    ok(dareg("buyer", "verify", second.toString(), "--online"));
    // issue 20: a correction after issue supersedes the certificate and verify --online names its successor;
    // an objection registered after issue shows on the one in force; the sweep runs by hand.
    Path badAsset = dir.resolve("bad-asset.json");
    Files.writeString(badAsset, "{ \"title\": ");
    Run bad = dareg("buyer", "change", "apply", regNo, "--asset", badAsset.toString(), "--reason", "x");
    assertThat(bad.code()).as(bad.err()).isEqualTo(Dareg.USAGE); // a malformed file is the user's input, named, not a crash
    assertThat(bad.err()).contains(badAsset.toString());
    String changeNo = ok(dareg("buyer", "change", "apply", regNo, "--kind", "CORRECTION", "--authorisation-ends", "2027-12-31",
        "--reason", "授权协议期限更正", "--json")).json().path("changeNo").asText();
    assertThat(dareg("buyer", "change", "approve", changeNo).code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("registrar", "change", "approve", changeNo)).out()).contains("APPROVED").contains(regNo + "-C02");
    Path third = dir.resolve("cert3.json");
    ok(dareg("registrar", "issue", regNo, "-o", third.toString()));
    Run changedRun = dareg("buyer", "verify", second.toString(), "--online");
    assertThat(changedRun.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(changedRun.out()).contains("superseded by " + regNo + "-C03");
    assertThat(ok(dareg("buyer", "history", regNo)).out()).contains(regNo + "-C02 superseded by " + regNo + "-C03");
    ok(dareg("holder", "objection", "raise", regNo, "--kind", "OWNERSHIP", "--grounds", "ours", "--evidence", "the 2025 contract"));
    assertThat(ok(dareg("buyer", "verify", third.toString(), "--online")).out()).contains("objection registered");
    assertThat(ok(dareg("registrar", "sweep")).out()).contains("lapsed objections");
    assertThat(dareg("holder", "sweep").code()).isEqualTo(Dareg.REFUSED);
    ok(dareg("registrar", "revoke", regNo, "--basis", "FRAUD", "--reason", "forged evidence"));
    Run revoked = dareg("buyer", "verify", third.toString(), "--online");
    assertThat(revoked.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(revoked.out()).contains("REVOKED");

    // The regulator's figures of the quarter, and the signed judicial extract checked offline.
    String quarter = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).getYear() + "-Q"
        + ((clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).getMonthValue() - 1) / 3 + 1);
    String csv = ok(dareg("admin", "report", "--period", quarter)).out();
    assertThat(csv).startsWith("section,measure,breakdown,value").contains("report,period,," + quarter)
        .contains("certificates,revoked,,1").contains("trades,recorded,kind LICENCE,1");
    assertThat(dareg("holder", "report", "--period", quarter).code()).isEqualTo(Dareg.REFUSED);
    Run badPeriod = dareg("admin", "report", "--period", "2026-Q9");
    assertThat(badPeriod.code()).isEqualTo(Dareg.REFUSED);
    assertThat(badPeriod.err()).contains("400").contains("2026-Q3");
    assertThat(dareg("admin", "report", "--period", quarter, "--format", "pdf").code()).isEqualTo(Dareg.USAGE);
    // issue 25: the year's report per registry and across registries, and the revocation in the regulator's feed
    String year = quarter.substring(0, 4);
    assertThat(ok(dareg("regulator", "report", "--period", year, "--registry", "DR")).out()).contains("report,registry,,DR")
        .contains("certificates,revoked,,1");
    assertThat(ok(dareg("regulator", "report", "--period", year, "--registry", "all")).out())
        .startsWith("registry,section,measure,breakdown,value").contains("DR,certificates,revoked,,1").contains("all,certificates,revoked,,1");
    assertThat(dareg("regulator", "report", "--period", year, "--registry", "dr").code()).isEqualTo(Dareg.USAGE);
    assertThat(ok(dareg("regulator", "supervise")).out()).containsPattern("(?m)^act \\d+ \\S+ revoke by='CN=registrar.* signed ")
        .containsPattern("(?m)^ALERT \\d+/1 certificate-revoked registry=DR subject=" + regNo + " .*forged evidence");
    if (io.dareg.gateway.documents.CjkFont.find().isPresent()) {
      Path extract = dir.resolve("extract.pdf");
      assertThat(ok(dareg("registrar", "report", "extract", regNo, "-o", extract.toString())).out()).contains("wrote the judicial extract");
      assertThat(dareg("holder", "report", "extract", regNo, "-o", dir.resolve("refused.pdf").toString()).code())
          .as("the former holder, after the transfer").isEqualTo(Dareg.REFUSED);
      Run checked = ok(dareg(null, "report", "check-extract", extract.toString()));
      assertThat(checked.out()).contains("SIGNATURE  PASS", "COVERAGE   PASS", "CHAIN      PASS", "ATTACHMENT PASS", "VALID judicial extract of " + regNo);
      byte[] bytes = Files.readAllBytes(extract);
      int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"regNo\":\"" + regNo) + 9;
      bytes[at + 3] = (byte) (bytes[at + 3] == '0' ? '1' : '0');
      Path forged = dir.resolve("forged.pdf");
      Files.write(forged, bytes);
      Run forgedRun = dareg(null, "report", "check-extract", forged.toString());
      assertThat(forgedRun.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
      assertThat(forgedRun.out()).contains("SIGNATURE  FAIL").contains("NOT VALID");
      Path appended = dir.resolve("appended.pdf");
      Files.write(appended, java.util.Arrays.copyOf(Files.readAllBytes(extract), Files.readAllBytes(extract).length + 6));
      assertThat(dareg(null, "report", "check-extract", appended.toString()).out()).contains("COVERAGE   FAIL");
      Path otherRoot = dir.resolve("other-root.pem");
      Files.writeString(otherRoot, CertificateAuthority.pem(CertificateAuthority.loadOrCreate(dir.resolve("other-ca"),
          SignatureAlgorithm.ECDSA_P256_SHA256, clock).root()));
      Run untrusted = local("report", "check-extract", extract.toString(), "--roots", otherRoot.toString());
      assertThat(untrusted.code()).isEqualTo(Dareg.VERIFICATION_FAILED);
      assertThat(untrusted.out()).contains("SIGNATURE  PASS", "CHAIN      FAIL");
    }
  }

  // issue 20: co-holders and trading controls
  @Test
  void the_registry_admin_sets_the_prohibited_list_and_co_holders_consent_from_the_command_line() throws Exception {
    assertThat(dareg("registrar", "prohibited-list", "set", "--industry", "Q", "--basis", "notice 1").code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("admin", "prohibited-list", "set", "--industry", "Q", "--source", "PERSONAL", "--basis", "notice 1")).out())
        .contains("industries").contains("Q").contains("PERSONAL");
    assertThat(ok(dareg("exchange", "prohibited-list", "show", "--json")).json().path("industries").get(0).asText()).isEqualTo("Q");
    assertThat(ok(dareg("admin", "prohibited-list", "set", "--basis", "lifted")).out()).contains("industries").doesNotContain("PERSONAL");
    Run unknown = dareg("holder", "encumbrance", "consent", "EN-20260302-000000000000");
    assertThat(unknown.code()).isEqualTo(Dareg.REFUSED);
    // Refused by the rules (no such encumbrance) or, when this test's holder has no open account yet, at the door.
    assertThat(unknown.err() + unknown.out()).containsAnyOf("EN-20260302-000000000000", "consentToEncumbrance is for a holder");
    assertThat(dareg("holder", "transfer", "consent", "TR-20260302-000000000000").code()).isEqualTo(Dareg.REFUSED);
  }

  @Test
  void a_second_registry_is_opened_and_a_recognition_agreement_signed_by_both_from_the_command_line() throws Exception {
    // issue 25: dareg registry open|list|duplicates, dareg recognition propose|accept|withdraw|list
    identity("admin2", "Registry2MSP", "admin", "admin2");
    assertThat(dareg("registrar", "registry", "open", "--code", "SZ", "--name", "深圳", "--profile", "TJ-DIP").code())
        .isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("admin2", "registry", "open", "--code", "SZ", "--name", "深圳测试登记中心", "--profile", "TJ-DIP")).out())
        .contains("SZ").contains("Registry2MSP");
    assertThat(ok(dareg("exchange", "recognition", "list")).out()).contains("none");
    assertThat(ok(dareg("exchange", "registry", "peers")).out()).contains("none");
    JsonNode registries = ok(dareg("holder", "registry", "list", "--json")).json();
    assertThat(registries).extracting(r -> r.path("code").asText()).containsExactly("DR", "SZ");
    String no = ok(dareg("admin2", "recognition", "propose", "--with", "DR", "--class", "DATA_PRODUCT", "--json")).json()
        .path("agreementNo").asText();
    assertThat(dareg("admin2", "recognition", "accept", no).code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("admin", "recognition", "accept", no)).out()).contains("ACTIVE").contains("DATA_PRODUCT");
    assertThat(ok(dareg("exchange", "recognition", "list")).out()).contains(no).contains("SZ <-> DR");
    assertThat(ok(dareg("admin2", "recognition", "withdraw", no)).out()).contains("WITHDRAWN");
    assertThat(ok(dareg("exchange", "registry", "duplicates", "SZ")).out()).contains("none");
    Run unknownVenue = dareg("exchange", "listing-check", "DR-20260302-000000000000", "--venue", "GZ");
    assertThat(unknownVenue.code()).isEqualTo(Dareg.REFUSED);
    assertThat(dareg("exchange", "registry", "duplicates", "sz").code()).isEqualTo(Dareg.REFUSED);
    // a registry of another ledger, entered by the registry admin with the root it publishes
    assertThat(ok(dareg("admin", "registry", "add-peer", "--code", "GZ", "--msp", "GzRegistryMSP", "--name", "广州",
        "--root", dir.resolve("root.pem").toString(), "--peer-url", "https://gz.example")).out()).contains("GZ").contains("https://gz.example");
    assertThat(ok(dareg("exchange", "registry", "peers")).out()).contains("GZ").contains("GzRegistryMSP");
    assertThat(dareg("registrar", "registry", "add-peer", "--code", "HZ", "--msp", "HzMSP", "--name", "杭州",
        "--root", dir.resolve("root.pem").toString(), "--peer-url", "https://hz.example").code()).isEqualTo(Dareg.REFUSED);
  }

  @Test
  void the_calendar_is_shown_and_next_year_recorded_from_a_checked_file() throws Exception {
    // issue 20: dareg calendar show|set YEAR FILE
    assertThat(ok(dareg("registrar", "calendar", "show")).out()).contains("covers").contains("days ahead");
    int next = ok(dareg("registrar", "calendar", "show", "--json")).json().path("lastYear").asInt() + 1;
    Path file = dir.resolve("calendar-" + next + ".txt");
    String head = "# test dates, not an official notice\nyear " + next + "\nsource test arrangement for " + next + "\n";
    Files.writeString(file, head + next + "-01-01 holiday\n" + next + "-01-01/" + next + "-01-02 holiday\n");
    Run twice = dareg("admin", "calendar", "set", String.valueOf(next), file.toString());
    assertThat(twice.code()).isEqualTo(Dareg.USAGE);
    assertThat(twice.err()).contains("line 5").contains(next + "-01-01").contains("already classified").contains("line 4");
    java.time.LocalDate monday = java.time.LocalDate.of(next, 1, 1).with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY));
    Files.writeString(file, head + monday + " workday\n");
    assertThat(dareg("admin", "calendar", "set", String.valueOf(next), file.toString()).err()).contains(monday.toString()).contains("MONDAY");
    Files.writeString(file, head + next + "-01-01 holiday\n");
    assertThat(dareg("admin", "calendar", "set", String.valueOf(next + 1), file.toString()).err()).contains("for " + next);
    assertThat(dareg("registrar", "calendar", "set", String.valueOf(next), file.toString()).code()).isEqualTo(Dareg.REFUSED);
    assertThat(ok(dareg("admin", "calendar", "set", String.valueOf(next), file.toString())).out()).contains("recorded").contains(String.valueOf(next));
    assertThat(ok(dareg("registrar", "calendar", "show", "--json")).json().path("lastYear").asInt()).isEqualTo(next);
  }

  // issue 23: a write for curl
  @Test
  void sign_prints_a_request_that_verifies_against_the_identity_and_that_the_gateway_takes_without_a_token() throws Exception {
    // A holder of her own, whatever the other tests have done.
    identity("carol", "EnterpriseMSP", "holder", "carol");
    io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("registrar/cert.pem")).get(0),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("registrar/key.pem")))).build()
        .openAccount(new io.dareg.core.api.OpenAccountRequest("c1".repeat(32), "丙公司", io.dareg.core.model.AccountKind.ENTERPRISE,
            List.of(new io.dareg.core.model.IdentityRef("EnterpriseMSP", "CN=carol,OU=holder"))));
    Path args = dir.resolve("deposit.json");
    String hash = io.dareg.core.crypto.Hashes.hex(io.dareg.core.model.HashAlgorithm.SHA256, "sent with curl".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(args, "{\"algorithm\":\"SHA256\",\"hash\":\"" + hash + "\",\"size\":14,\"channel\":\"curl\"}");
    Run signed = ok(dareg("carol", "sign", "depositEvidence", args.toString()));
    assertThat(signed.out().strip()).as("one line of JSON").doesNotContain("\n");
    assertThat(signed.err()).contains("POST " + url + "/api/v1/evidence");

    io.dareg.core.act.SignedRequest request = io.dareg.core.act.SignedRequest.parse(signed.out().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(signed.out().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)).as("canonical").isEqualTo(Json.canonical(request.toJson()));
    assertThat(request.ledger()).as("the gateway's ledger").isEqualTo(LEDGER_ID);
    assertThat(request.operation()).isEqualTo("depositEvidence");
    assertThat(request.arguments()).isEqualTo(Json.mapper().readTree(args.toFile()));
    java.security.cert.X509Certificate carol = Connection.certificates(dir.resolve("carol/cert.pem")).get(0);
    assertThat(request.verify(new Signatures(new BouncyCastleProvider()), LEDGER_ID, List.of(ca.root()), clock.instant(), Duration.ofMinutes(5)))
        .as("signed by carol, at the ledger's time").isEqualTo(carol);

    // What curl does with it: POST it, no token.
    var http = java.net.http.HttpClient.newHttpClient();
    var sent = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/api/v1/evidence"))
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(signed.out().strip())).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(Json.mapper().readTree(sent.body()).path("hash").asText()).isEqualTo(hash);

    // Another ledger, on request; standard input.
    assertThat(io.dareg.core.act.SignedRequest.parse(ok(dareg("holder", "sign", "depositEvidence", args.toString(), "--ledger", "dareg:elsewhere"))
        .out().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)).ledger()).isEqualTo("dareg:elsewhere");
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("{\"regNo\":\"DR-20260302-000000000001\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Run notice = ok(dareg("registrar", "sign", "publishNotice", "-"));
      assertThat(io.dareg.core.act.SignedRequest.parse(notice.out().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)).arguments().path("regNo").asText())
          .isEqualTo("DR-20260302-000000000001");
      assertThat(notice.err()).contains("POST " + url + "/api/v1/registrations/DR-20260302-000000000001/notice");
    } finally {
      System.setIn(stdin);
    }

    // submit --confidential: the material's hash is signed, the material rides beside.
    Path application = dir.resolve("application.json");
    Files.writeString(application, Json.mapper().writeValueAsString(new io.dareg.core.api.SubmitRequest(null, io.dareg.core.model.RightType.HOLDING,
        sampleAsset(), List.of(), List.of("EV-1"), null)));
    Path secret = dir.resolve("secret.json");
    Files.writeString(secret, "{ \"contact\": \"+86 22 0000 0000\" }");
    JsonNode withMaterial = ok(dareg("holder", "sign", "submit", application.toString(), "--confidential", secret.toString())).json();
    assertThat(withMaterial.path("confidential")).isEqualTo(Json.mapper().readTree("{\"contact\":\"+86 22 0000 0000\"}"));
    assertThat(withMaterial.path("arguments").path("confidentialHash").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest("{\"contact\":\"+86 22 0000 0000\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    // What is wrong is said.
    Run read = dareg("holder", "sign", "getRegistration", args.toString());
    assertThat(read.code()).isEqualTo(Dareg.USAGE);
    assertThat(read.err()).contains("getRegistration is not a write");
    Files.writeString(dir.resolve("array.json"), "[1,2]");
    assertThat(dareg("holder", "sign", "depositEvidence", dir.resolve("array.json").toString()).err()).contains("not a JSON object");
    assertThat(dareg("holder", "sign", "depositEvidence", dir.resolve("absent.json").toString()).err()).contains("absent.json does not exist");
    Files.writeString(dir.resolve("unknown.json"), "{\"algorithm\":\"SHA256\",\"hash\":\"" + hash + "\",\"size\":1,\"channel\":\"curl\",\"colour\":\"red\"}");
    Run unknown = dareg("holder", "sign", "depositEvidence", dir.resolve("unknown.json").toString());
    assertThat(unknown.code()).isEqualTo(Dareg.USAGE);
    assertThat(unknown.err()).contains("not a depositEvidence request").contains("colour");
    assertThat(dareg(null, "sign", "depositEvidence", args.toString()).err()).contains("give --identity");
    assertThat(dareg("holder", "sign", "depositEvidence", args.toString(), "--ledger", "no spaces").err()).contains("not a ledger identity");
  }

  private static io.dareg.core.model.AssetDescription sampleAsset() {
    return new io.dareg.core.model.AssetDescription("企业信用评估数据", "1.0", io.dareg.core.model.AssetClass.DATA_PRODUCT,
        io.dareg.core.model.AssetForm.DATASET, "I64", "天津市", new io.dareg.core.model.TimeSpan(java.time.LocalDate.of(2020, 1, 1), null),
        java.util.Set.of(io.dareg.core.model.DataSource.ENTERPRISE), io.dareg.core.model.AcquisitionMethod.ORIGINAL, List.of(),
        new io.dareg.core.model.Scale(1, 1), io.dareg.core.model.UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化",
        io.dareg.core.model.ClassificationLevel.GENERAL);
  }

  @Test
  void supervise_prints_each_act_once_and_follows_through_a_dropped_connection() throws Exception {
    long size = api.log().size();
    Run all = ok(dareg("regulator", "supervise"));
    List<String> acts = all.out().lines().filter(l -> l.startsWith("act ")).toList();
    assertThat(acts).hasSizeGreaterThanOrEqualTo((int) size);
    assertThat(acts.get(0)).startsWith("act 0 ").contains(" initLedger by='CN=admin").contains(" signed ").contains(" events=initLedger");
    assertThat(ok(dareg("regulator", "supervise", "--from", "2")).out().lines().findFirst().orElse("")).startsWith("act 2 ");
    Run holder = dareg("holder", "supervise");
    assertThat(holder.code()).isEqualTo(Dareg.REFUSED);
    assertThat(holder.err()).contains("403");
    assertThat(dareg("regulator", "supervise", "--after", "last").code()).isEqualTo(Dareg.USAGE);

    var registrar = io.dareg.client.DaregClient.builder().baseUrl(java.net.URI.create(url)).identity(
        Connection.certificates(dir.resolve("registrar/cert.pem")).get(0),
        new Signatures(new BouncyCastleProvider()).privateKeyFromPem(Files.readString(dir.resolve("registrar/key.pem")))).build();
    try (DroppingProxy proxy = new DroppingProxy(java.net.URI.create(url).getPort())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      List<String> args = List.of("supervise", "--follow", "--retry-millis", "100", "--url", proxy.url(),
          "--roots", dir.resolve("root.pem").toString(), "--identity", dir.resolve("regulator").toString());
      Thread follower = new Thread(() -> Dareg.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true)));
      follower.setDaemon(true);
      follower.start();
      long before = api.log().size();
      waitFor(() -> out.toString().contains("act " + (before - 1) + " "));
      proxy.dropAll();
      // committed while the follower is cut off, and after
      registrar.openAccount(new io.dareg.core.api.OpenAccountRequest("d7".repeat(32), "丁公司", io.dareg.core.model.AccountKind.ENTERPRISE,
          List.of(new io.dareg.core.model.IdentityRef("EnterpriseMSP", "CN=dave,OU=holder"))));
      waitFor(() -> api.log().size() > before); // the log follows the ledger a moment behind
      long after = api.log().size();
      waitFor(() -> out.toString().contains("act " + (after - 1) + " "));
      assertThat(err.toString()).contains("reconnecting").contains("after event " + (before - 1));
      List<Long> printed = out.toString().lines().filter(l -> l.startsWith("act ")).map(l -> Long.parseLong(l.split(" ")[1])).toList();
      assertThat(printed).as("each act once, in order").containsExactlyElementsOf(java.util.stream.LongStream.range(0, after).boxed().toList());
      assertThat(out.toString()).contains(" openAccount by='CN=registrar");
      proxy.close();
      follower.interrupt();
    }
  }

  @Test
  void an_alert_is_one_line_naming_its_kind_registry_and_subject() throws Exception {
    var alert = new io.dareg.client.SupervisionEvent("12/1", "alert", Json.mapper().readTree("{\"position\":12,\"ordinal\":1,"
        + "\"kind\":\"certificate-revoked\",\"txId\":\"ab\",\"time\":\"2026-03-02T02:00:00Z\",\"registry\":\"DR\","
        + "\"subject\":\"DR-20260302-0001\",\"details\":{\"reason\":\"ORDER: court order\",\"regNo\":\"DR-20260302-0001\"}}"));
    assertThat(SuperviseCommand.line(alert)).isEqualTo("ALERT 12/1 certificate-revoked registry=DR subject=DR-20260302-0001"
        + " time=2026-03-02T02:00:00Z tx=ab {\"reason\":\"ORDER: court order\",\"regNo\":\"DR-20260302-0001\"}");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void exit_codes_say_what_went_wrong() {
    assertThat(local("status").code()).isEqualTo(Dareg.USAGE);
    assertThat(dareg(null, "no-such-command").code()).isEqualTo(Dareg.USAGE);
    assertThat(dareg("holder", "status", "DR-20260101-000000000000").code()).isEqualTo(Dareg.REFUSED);
    StringWriter err = new StringWriter();
    int code = Dareg.run(new String[] {"notices", "--url", "http://127.0.0.1:1"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(Dareg.UNREACHABLE);
    assertThat(err.toString()).contains("cannot reach the gateway");
    for (String command : List.of("hash", "prove", "evidence", "evidence-report", "apply", "status", "show", "history", "notices", "review", "notice", "issue",
        "renew", "revoke", "cancel", "objection", "transfer", "pledge", "licence", "cert", "verify",
        "listing-check", "trade", "deliver", "accept", "provenance", "find-hash", "delivered", "report",
        "queue", "attach", "fees", "validity", "encumbrance", "prohibited-list",
        "change", "sweep", "calendar", // issue 20
        "sign", // issue 23
        "supervise")) { // issue 25
      StringWriter help = new StringWriter();
      assertThat(Dareg.run(new String[] {command, "--help"}, new PrintWriter(help, true), new PrintWriter(new StringWriter(), true))).as(command).isZero();
      assertThat(help.toString()).as(command).contains("Usage: dareg " + command);
    }
  }
}
