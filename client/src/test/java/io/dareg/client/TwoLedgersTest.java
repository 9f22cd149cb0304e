package io.dareg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dareg.core.api.AddPeerRegistryRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.GrantRoleRequest;
import io.dareg.core.api.InitLedgerRequest;
import io.dareg.core.api.ListingCheckRequest;
import io.dareg.core.api.OpenAccountRequest;
import io.dareg.core.api.ProposeRecognitionRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.cert.Voucher;
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
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.RecognitionStatus;
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
import io.dareg.gateway.ledger.MutableClock;
import io.dareg.gateway.http.ApiServer;
import io.dareg.gateway.ledger.embedded.EmbeddedLedger;
import io.vertx.core.Vertx;
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
 * Issue 25 item 4: two registries, each on its own embedded ledger behind its own gateway, on one machine. Tianjin's
 * ledger (DR) enters Shenzhen's registry (SZ) as a peer with SZ's root; an exchange's listing check at a venue relying on
 * DR of an asset registered at SZ rests on the voucher SZ signed, and passes only under a recognition agreement both
 * registries' admins signed on DR's ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoLedgersTest {
  private static final Signatures SIGNATURES = new Signatures(new BouncyCastleProvider());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();
  private Vertx vertx;
  private Gateway tj;
  private Gateway sz;

  /** One registry's ledger, gateway and CA. */
  private record Gateway(CertificateAuthority ca, URI base) {}

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    CertificateAuthority tjCa = CertificateAuthority.loadOrCreate(Files.createTempDirectory("dareg-tj-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    CertificateAuthority szCa = CertificateAuthority.loadOrCreate(Files.createTempDirectory("dareg-sz-ca"), SignatureAlgorithm.ECDSA_P256_SHA256, clock);
    // The exchange's organisation is certified by Tianjin's CA, and both ledgers trust that root for it; each gateway takes
    // tokens from both CAs, so that the exchange and SZ's admin can sign in at DR's.
    tj = gateway(tjCa, List.of(tjCa.root(), szCa.root()));
    sz = gateway(szCa, List.of(tjCa.root(), szCa.root()));
  }

  private Gateway gateway(CertificateAuthority ca, List<X509Certificate> tokenRoots) throws Exception {
    Path dir = Files.createTempDirectory("dareg-two-ledgers");
    EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"), clock, EmbeddedLedger.Options.defaults());
    ApiServer api = new ApiServer(vertx, ledger, new Tokens(tokenRoots, Duration.ofMinutes(5), Tokens.Replay.REFUSED), ca, dir, clock, 1 << 20,
        List.of(), Map.of());
    open.add(ledger);
    open.add(api::close);
    return new Gateway(ca, URI.create("http://127.0.0.1:" + api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().join()));
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    vertx.close();
  }

  /** An identity certified by {@code ca}, with a client for each gateway in {@code at}. */
  private List<DaregClient> identity(CertificateAuthority ca, String msp, String role, String user, Gateway... at) {
    KeyPair keys = SIGNATURES.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate cert = ca.issueClient(msp, role, user, keys.getPublic(), Duration.ofDays(3650));
    List<DaregClient> out = new ArrayList<>();
    for (Gateway g : at) {
      out.add(DaregClient.builder().baseUrl(g.base()).identity(cert, keys.getPrivate()).trustedRoots(List.of(g.ca().root())).clock(clock)
          .build());
    }
    return out;
  }

  @Test
  void an_asset_registered_at_one_ledger_is_listed_at_a_venue_of_the_other_only_under_an_agreement_both_signed() throws Exception {
    X509Certificate tjRoot = tj.ca().root();
    X509Certificate szRoot = sz.ca().root();
    DaregClient tjAdmin = identity(tj.ca(), "RegistryMSP", "admin", "tj-admin", tj).get(0);
    List<DaregClient> szAdmin = identity(sz.ca(), "SzRegistryMSP", "admin", "sz-admin", sz, tj);
    List<DaregClient> exchange = identity(tj.ca(), "ExchangeMSP", "exchange", "exchange-1", sz, tj);
    tjAdmin.initLedger(new InitLedgerRequest("RegistryMSP", "天津数据资产登记中心", "TJ-DIP", "dareg:tj", roots(Map.of(
        "RegistryMSP", tjRoot, "ExchangeMSP", tjRoot, "EnterpriseMSP", tjRoot))));
    szAdmin.get(0).initLedger(new InitLedgerRequest("SzRegistryMSP", "深圳数据资产登记中心", "TJ-DIP", "dareg:sz", roots(Map.of(
        "SzRegistryMSP", szRoot, "ExchangeMSP", tjRoot, "EnterpriseMSP", szRoot, "ReviewMSP", szRoot)), null, null, null, "SZ"));

    Registration asset = issuedAtShenzhen(szAdmin.get(0));
    assertThat(asset.regNo()).startsWith("SZ-");

    // Tianjin enters Shenzhen as a peer, with the root Shenzhen publishes.
    tjAdmin.addPeerRegistry(new AddPeerRegistryRequest("SZ", "SzRegistryMSP", "深圳数据资产登记中心",
        Base64.getEncoder().encodeToString(szRoot.getEncoded()), sz.base().toString(), null, null, null));
    assertThat(tjAdmin.peerRegistries()).singleElement().satisfies(p -> assertThat(p.url()).isEqualTo(sz.base().toString()));

    // The exchange checks the asset at Shenzhen and carries the voucher to its Tianjin venue: no agreement yet.
    ListingCheck there = exchange.get(0).recordListingCheck(asset.regNo());
    assertThat(there.listable()).as(there.obstacles().toString()).isTrue();
    Voucher voucher = exchange.get(0).listingCheckVoucher(there.checkNo());
    ListingCheck refused = exchange.get(1).recordListingCheck(new ListingCheckRequest(asset.regNo(), null, voucher));
    assertThat(refused.listable()).isFalse();
    assertThat(refused.obstacles()).anyMatch(o -> o.contains("registered at registry SZ on another ledger, which registry DR does not recognise"));
    // An asset of the peer is never checked here without its voucher, and a voucher cannot be made up.
    assertThatThrownBy(() -> exchange.get(1).recordListingCheck(asset.regNo())).isInstanceOf(ProblemException.class).hasMessageContaining("voucher");
    com.fasterxml.jackson.databind.node.ObjectNode forged = ((com.fasterxml.jackson.databind.node.ObjectNode) voucher.record()).deepCopy();
    forged.putArray("holders").add("AC-SOMEONE-ELSE");
    Voucher tampered = new Voucher(voucher.mediaType(), voucher.kind(), voucher.signedAt(), forged, voucher.signature());
    assertThatThrownBy(() -> exchange.get(1).recordListingCheck(new ListingCheckRequest(asset.regNo(), null, tampered)))
        .isInstanceOf(ProblemException.class).hasMessageContaining("signed by registry SZ");

    // Tianjin proposes; Shenzhen's admin signs its acceptance on Tianjin's ledger, certified by the root Tianjin entered.
    Recognition proposed = tjAdmin.proposeRecognition(new ProposeRecognitionRequest("SZ", List.of(), List.of(AssetClass.DATA_PRODUCT),
        List.of(), null, null));
    assertThatThrownBy(() -> tjAdmin.acceptRecognition(proposed.agreementNo())).isInstanceOf(ProblemException.Forbidden.class);
    Recognition accepted = szAdmin.get(1).acceptRecognition(proposed.agreementNo());
    assertThat(accepted.status()).isEqualTo(RecognitionStatus.ACTIVE);
    assertThat(accepted.acceptedBy().msp()).isEqualTo("SzRegistryMSP");
    ListingCheck recognised = exchange.get(1).recordListingCheck(new ListingCheckRequest(asset.regNo(), "DR", voucher));
    assertThat(recognised.listable()).as(recognised.obstacles().toString()).isTrue();
    assertThat(recognised.recognition()).isEqualTo(proposed.agreementNo());
    assertThat(recognised.certificateNo()).isEqualTo(there.certificateNo());

    // Shenzhen's identities act on Tianjin's ledger only in recognition agreements: its admin keeps no role table there.
    assertThatThrownBy(() -> szAdmin.get(1).grantRole(new GrantRoleRequest(new IdentityRef("SzRegistryMSP", "CN=x"), Role.REGISTRAR)))
        .isInstanceOf(ProblemException.Forbidden.class);
    szAdmin.get(1).withdrawRecognition(proposed.agreementNo());
    assertThat(exchange.get(1).recordListingCheck(new ListingCheckRequest(asset.regNo(), null, voucher)).listable()).isFalse();

    // The same data applied for at Tianjin: Tianjin's registrar asks Shenzhen (hashes only) and flags it with Shenzhen's signed answer.
    DaregClient tjRegistrar = identity(tj.ca(), "RegistryMSP", "registrar", "tj-registrar", tj).get(0);
    DaregClient tjHolder = identity(tj.ca(), "EnterpriseMSP", "holder", "bob", tj).get(0);
    tjRegistrar.openAccount(new OpenAccountRequest("bb".repeat(32), "乙公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=bob,OU=holder"))));
    String ev = tjHolder.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SHA256, SAME_DATA, null, 100, "dareg", null)).evidenceNo();
    Registration copy = tjHolder.submit(new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false,
        List.of(undertaking())), Json.mapper().createObjectNode());
    assertThat(tjRegistrar.checkPeers(copy.regNo()).duplicates()).containsExactly(asset.regNo());
    assertThat(tjRegistrar.duplicates("DR")).singleElement().satisfies(flag -> {
      assertThat(flag.otherRegNo()).isEqualTo(asset.regNo());
      assertThat(flag.otherRegistry()).isEqualTo("SZ");
    });
    // An answer about another hash, or not signed by the peer, flags nothing.
    Voucher other = exchange.get(0).registeredHashVoucher("f0".repeat(32));
    assertThat(other.record().path("regNos").size()).isZero();
    assertThatThrownBy(() -> tjRegistrar.recordPeerDuplicate(new io.dareg.core.api.PeerDuplicateRequest(copy.regNo(), other)))
        .isInstanceOf(ProblemException.class).hasMessageContaining("does not rest");
    Voucher own = tjRegistrar.registeredHashVoucher(SAME_DATA);
    assertThatThrownBy(() -> tjRegistrar.recordPeerDuplicate(new io.dareg.core.api.PeerDuplicateRequest(copy.regNo(), own)))
        .isInstanceOf(ProblemException.class).hasMessageContaining("no peer of this ledger");
  }

  private static final String SAME_DATA = "e1".repeat(32);

  private static Attachment undertaking() {
    return new Attachment(AttachmentKind.COMPLIANCE_UNDERTAKING, "甲公司", HashAlgorithm.SM3, "ab".repeat(32), LocalDate.of(2026, 3, 1));
  }

  private static List<TrustedRoot> roots(Map<String, X509Certificate> byMsp) {
    return byMsp.entrySet().stream().map(e -> TrustedRoot.of(e.getKey(), e.getValue())).toList();
  }

  /** A registration driven to ISSUED with a certificate at Shenzhen, by Shenzhen's own people. */
  private Registration issuedAtShenzhen(DaregClient admin) throws Exception {
    DaregClient registrar = identity(sz.ca(), "SzRegistryMSP", "registrar", "registrar", sz).get(0);
    DaregClient reviewer = identity(sz.ca(), "ReviewMSP", "reviewer", "reviewer", sz).get(0);
    DaregClient holder = identity(sz.ca(), "EnterpriseMSP", "holder", "alice", sz).get(0);
    admin.grantRole(new GrantRoleRequest(new IdentityRef("ReviewMSP", "CN=reviewer,OU=reviewer"), Role.REVIEWER));
    registrar.openAccount(new OpenAccountRequest("aa".repeat(32), "甲公司", AccountKind.ENTERPRISE,
        List.of(new IdentityRef("EnterpriseMSP", "CN=alice,OU=holder"))));
    String ev = holder.depositEvidence(new DepositEvidenceRequest(HashAlgorithm.SHA256, SAME_DATA, null, 100, "dareg", null)).evidenceNo();
    Registration r = holder.submit(new SubmitRequest(null, RightType.HOLDING, asset(), List.of(), List.of(ev), null, false, List.of(undertaking())),
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

  private static AssetDescription asset() {
    return new AssetDescription("企业信用评估数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "深圳市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL, List.of(),
        new Scale(1, 1), UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
  }
}
