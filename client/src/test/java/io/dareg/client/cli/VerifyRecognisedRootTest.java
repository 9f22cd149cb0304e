package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.client.DaregClient;
import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.crypto.Signatures;
import io.dareg.core.json.Json;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.Registration;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.TrustedRoot;
import io.dareg.core.model.UpdateFrequency;
import io.dareg.gateway.auth.Tokens;
import io.dareg.gateway.cert.CertificateAuthority;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 25: {@code dareg verify} of a certificate of another registry. Tianjin's registry (DR) and Shenzhen's (SZ) each run
 * their own embedded ledger behind their own gateway; SZ issues a certificate, and a Tianjin exchange verifies it with the
 * command line: offline only against a root it was given, online at its venue only under a recognition agreement in force
 * there, which the output names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyRecognisedRootTest {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();
  private Path dir;
  private Vertx vertx;
  private CertificateAuthority tjCa;
  private CertificateAuthority szCa;
  private URI tj;
  private URI sz;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("dareg-verify-recognised");
    vertx = Vertx.vertx();
    tjCa = CertificateAuthority.loadOrCreate(dir.resolve("tj-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    szCa = CertificateAuthority.loadOrCreate(dir.resolve("sz-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    // The exchange is certified by Tianjin's CA and both ledgers trust that root for it; both gateways take tokens of both CAs.
    tj = gateway("tj", tjCa);
    sz = gateway("sz", szCa);
    Files.writeString(dir.resolve("tj-root.pem"), CertificateAuthority.pem(tjCa.root()));
    Files.writeString(dir.resolve("sz-root.pem"), CertificateAuthority.pem(szCa.root()));
    identityFiles("exchange", tjCa, "ExchangeMSP", "exchange", "exchange-1");
  }

  private URI gateway(String name, CertificateAuthority ca) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    EmbeddedLedger ledger = EmbeddedLedger.open(d.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ApiServer api = new ApiServer(vertx, ledger, new Tokens(List.of(tjCa.root(), szCa.root()), Duration.ofMinutes(5), Tokens.Replay.REFUSED),
        ca, d, clock, 1 << 20, DevClockRoute.operations(), DevClockRoute.handlers(clock));
    open.add(ledger);
    open.add(api::close);
    return URI.create("http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join());
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    vertx.close();
  }

  private void identityFiles(String name, CertificateAuthority ca, String msp, String role, String user) throws Exception {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("cert.pem"), CertificateAuthority.pem(ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650))));
    Files.writeString(d.resolve("key.pem"), Signatures.toPem(keys.getPrivate()));
  }

  private DaregClient client(CertificateAuthority ca, String msp, String role, String user, URI at) {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate cert = ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650));
    return DaregClient.builder().baseUrl(at).identity(cert, keys.getPrivate()).trustedRoots(List.of(ca.root())).clock(clock).build();
  }

  /** The command line as Tianjin's exchange, with Tianjin's root as its own, at Tianjin's gateway. */
  private Run verify(String... args) {
    List<String> all = new ArrayList<>(List.of("verify"));
    all.addAll(List.of(args));
    all.addAll(List.of("--url", tj.toString(), "--roots", dir.resolve("tj-root.pem").toString(), "--at", clock.instant().toString()));
    if (all.contains("--online")) {
      all.addAll(List.of("--identity", dir.resolve("exchange").toString()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Dareg.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run valid(Run r) {
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("CHAIN            PASS").containsPattern("(?m)^VALID ");
    return r;
  }

  private static Run notValid(Run r) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Dareg.VERIFICATION_FAILED);
    assertThat(r.out()).contains("CHAIN            FAIL").contains("NOT VALID");
    return r;
  }

  @Test
  void a_certificate_of_another_registry_verifies_against_its_given_root_or_online_only_under_an_agreement_in_force() throws Exception {
    X509Certificate tjRoot = tjCa.root();
    X509Certificate szRoot = szCa.root();
    DaregClient tjAdmin = client(tjCa, "RegistryMSP", "admin", "tj-admin", tj);
    DaregClient szAdmin = client(szCa, "SzRegistryMSP", "admin", "sz-admin", sz);
    DaregClient szAdminAtTj = client(szCa, "SzRegistryMSP", "admin", "sz-admin-2", tj);
    tjAdmin.initLedger(new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP", "dareg:tj", roots(Map.of(
        "RegistryMSP", tjRoot, "ExchangeMSP", tjRoot, "EnterpriseMSP", tjRoot))));
    szAdmin.initLedger(new InitLedgerRequest("SzRegistryMSP", "深圳数据资产登记中心", "TJ-DIP", "dareg:sz", roots(Map.of(
        "SzRegistryMSP", szRoot, "ExchangeMSP", tjRoot, "EnterpriseMSP", szRoot, "ReviewMSP", szRoot)), null, null, null, "SZ"));
    Registration asset = issuedAtShenzhen(szAdmin);
    Path cert = dir.resolve("sz-cert.json");
    Files.write(cert, client(szCa, "EnterpriseMSP", "holder", "alice", sz).certificateDocument(asset.certificateNo()));

    // Offline, with only Tianjin's root: not valid, and it says whose certificate it is and how to trust its root.
    Run unknown = notValid(verify(cert.toString()));
    assertThat(unknown.out()).contains("registry SZ's (深圳数据资产登记中心)").contains("--trust SZ-ROOT.pem");
    // Given Shenzhen's root explicitly, as a file or in a directory of roots, it verifies offline.
    assertThat(valid(verify(cert.toString(), "--trust", dir.resolve("sz-root.pem").toString())).out())
        .contains("chains to the trusted root " + szRoot.getSubjectX500Principal().getName());
    Path trustDir = Files.createDirectories(dir.resolve("trusted"));
    Files.copy(dir.resolve("sz-root.pem"), trustDir.resolve("sz.pem"));
    valid(verify(cert.toString(), "--trust", trustDir.toString()));
    assertThat(verify(cert.toString(), "--trust", dir.resolve("nothing-here").toString()).code()).isEqualTo(Dareg.USAGE);
    assertThat(verify(cert.toString(), "--venue", "DR").code()).as("--venue without --online").isEqualTo(Dareg.USAGE);

    // Online at Tianjin: Tianjin holds no root of Shenzhen yet, then holds it as a peer but recognises nothing.
    assertThat(notValid(verify(cert.toString(), "--online")).out()).contains("neither a registry of this ledger nor a peer registry");
    tjAdmin.addPeerRegistry(new AddPeerRegistryRequest("SZ", "SzRegistryMSP", "深圳数据资产登记中心",
        Base64.getEncoder().encodeToString(szRoot.getEncoded()), sz.toString(), null, null, null));
    assertThat(notValid(verify(cert.toString(), "--online")).out())
        .contains("registry DR does not recognise registry SZ's registrations").contains("no recognition agreement between them");

    // An agreement over another asset class does not cover it; one over its class does, once Shenzhen's admin accepted it.
    Recognition elements = tjAdmin.proposeRecognition(new ProposeRecognitionRequest("SZ", List.of(), List.of(AssetClass.DATA_ELEMENT),
        List.of(), null, null));
    szAdminAtTj.acceptRecognition(elements.agreementNo());
    assertThat(notValid(verify(cert.toString(), "--online")).out()).contains(elements.agreementNo() + " covers profiles (all), classes [DATA_ELEMENT]");
    Recognition products = tjAdmin.proposeRecognition(new ProposeRecognitionRequest("SZ", List.of(), List.of(AssetClass.DATA_PRODUCT),
        List.of(), null, null));
    assertThat(notValid(verify(cert.toString(), "--online")).out()).contains(products.agreementNo() + " is PROPOSED");
    szAdminAtTj.acceptRecognition(products.agreementNo());
    Run recognised = valid(verify(cert.toString(), "--online"));
    assertThat(recognised.out()).contains("signed by registry SZ under " + szRoot.getSubjectX500Principal().getName())
        .contains("peer registry, " + sz).contains("recognised by DR under " + products.agreementNo())
        // its record and status come from Shenzhen's ledger, where the certificate is
        .contains("LEDGER_RECORDED  PASS").contains("LEDGER_STATUS    PASS");
    assertThat(notValid(verify(cert.toString(), "--online", "--venue", "GZ")).out()).contains("registry GZ is not a registry of this ledger");

    // Withdrawn, it recognises nothing from that moment.
    szAdminAtTj.withdrawRecognition(products.agreementNo());
    assertThat(notValid(verify(cert.toString(), "--online")).out()).contains(products.agreementNo() + " was withdrawn at");
    // A root given explicitly is still the verifier's own decision.
    valid(verify(cert.toString(), "--online", "--trust", dir.resolve("sz-root.pem").toString()));
  }

  private static List<TrustedRoot> roots(Map<String, X509Certificate> byMsp) {
    return byMsp.entrySet().stream().map(e -> TrustedRoot.of(e.getKey(), e.getValue())).toList();
  }

  /** A registration driven to ISSUED with a certificate at Shenzhen, by Shenzhen's own people. */
  private Registration issuedAtShenzhen(DaregClient admin) throws Exception {
    DaregClient registrar = client(szCa, "SzRegistryMSP", "registrar", "registrar", sz);
    DaregClient reviewer = client(szCa, "ReviewMSP", "reviewer", "reviewer", sz);
    DaregClient holder = client(szCa, "EnterpriseMSP", "holder", "alice", sz);
    admin.grantRole(new GrantRoleRequest(new IdentityRef("ReviewMSP", "CN=reviewer,OU=reviewer"), Role.REVIEWER));
    registrar.openAccount(new OpenAccountRequest("aa".repeat(32), "甲公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder"))));
    String ev = holder.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SHA256, "e1".repeat(32), null, 100, "dareg", null)).evidenceNo();
    Attachment undertaking = new Attachment(AttachmentKind.COMPLIANCE_UNDERTAKING, "甲公司", HashAlgorithm.SM3, "ab".repeat(32),
        LocalDate.of(2026, 3, 1));
    AssetDescription asset = new AssetDescription("企业信用评估数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "深圳市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL, List.of(),
        new Scale(1, 1), UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
    Registration r = holder.submit(new SubmitRequest(null, RightType.HOLDING, asset, List.of(), List.of(ev), null, false, List.of(undertaking)),
        Json.mapper().createObjectNode());
    registrar.startFormalReview(r.regNo());
    registrar.formalReview(new FormalReviewRequest(r.regNo(), ReviewOutcome.PASS, "cc".repeat(32), null));
    reviewer.substantiveReview(new SubstantiveReviewRequest(r.regNo(), ReviewOutcome.PASS, "dd".repeat(32)));
    Registration notice = registrar.publishNotice(r.regNo());
    clock.set(notice.noticeEnd().plusSeconds(60));
    registrar.issue(r.regNo());
    registrar.issueCertificate(r.regNo());
    return registrar.registration(r.regNo()).registration();
  }
}
