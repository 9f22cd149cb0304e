package io.dareg.gateway.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.api.RegistrationView;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;
import io.dareg.core.cert.VerificationReport.CheckName;
import io.dareg.core.cert.VerificationReport.Outcome;
import io.dareg.core.crypto.SignatureAlgorithm;
import io.dareg.core.json.Json;
import io.dareg.core.model.Account;
import io.dareg.core.model.AccountKind;
import io.dareg.core.model.AcquisitionMethod;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.AssetForm;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.IdentityRef;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Scale;
import io.dareg.core.model.TimeSpan;
import io.dareg.core.model.UpdateFrequency;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue a certificate with either algorithm and verify it; every kind of damage fails its own check. */
class CertificateRoundTripTest {
  private static final Instant ISSUED = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  private static final String DATA_HASH = "ab".repeat(32);

  @TempDir Path tmp;

  private Certificate issue(CertificateAuthority ca) {
    AssetDescription asset = new AssetDescription("企业信用评估+工商登记数据", "1.0", AssetClass.DATA_PRODUCT, AssetForm.DATASET, "I64", "天津市",
        new TimeSpan(LocalDate.of(2020, 1, 1), null), Set.of(DataSource.ENTERPRISE), AcquisitionMethod.ORIGINAL, List.of(),
        new Scale(1, 1), UpdateFrequency.DAILY, null, List.of("信用评估"), "授信参考", "去标识化", ClassificationLevel.GENERAL);
    Registration r = new Registration("DR-20260301-ABCDEF123456", "TJ-DIP", RegistrationStatus.ISSUED, RightType.HOLDING, asset,
        List.of("AC-1"), List.of(), new IdentityRef("EnterpriseMSP", "CN=alice"), List.of("EV-1"), null, 7, ISSUED, ISSUED, "tx",
        null, null, null, ISSUED, ISSUED, ISSUED.atZone(java.time.ZoneOffset.UTC).plus(Period.ofYears(2)).toInstant(), null, null, null,
        null, null, null);
    RegistrationView view = new RegistrationView(r, RegistrationStatus.ISSUED, null, List.of(), List.of(), null);
    Account account = new Account("AC-1", "cd".repeat(32), "甲公司", AccountKind.ENTERPRISE, true, List.of(), ISSUED, null);
    Evidence ev = new Evidence("EV-1", HashAlgorithm.SM3, DATA_HASH, null, 10, "dareg", null, "AC-1", ISSUED, "tx");
    return new CertificateIssuer(ca).issue(view, Map.of("AC-1", account), List.of(ev), "登记中心", r.regNo() + "-C01", 1, ISSUED);
  }

  private static CertificateVerifier verifier(CertificateAuthority ca) {
    return new CertificateVerifier(new BouncyCastleProvider(), List.of(ca.root()));
  }

  private static CertificateVerifier.LedgerLookup ledger(Certificate cert, CertificateStatus status, String hash) {
    return new CertificateVerifier.LedgerLookup() {
      @Override
      public Optional<CertificateRecord> certificate(String certNo) {
        return Optional.of(new CertificateRecord(certNo, cert.payload().regNo(), 1, hash, cert.signature().keyId(),
            cert.payload().validFrom(), cert.payload().validUntil(), status, ISSUED,
            status == CertificateStatus.SUPERSEDED ? certNo.replace("C01", "C02") : null, status == CertificateStatus.ACTIVE ? null : "renewed"));
      }

      @Override
      public Optional<RegistrationStatus> registrationStatus(String regNo) {
        return Optional.of(RegistrationStatus.ISSUED);
      }
    };
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void a_certificate_verifies_offline_and_online_with_either_algorithm(SignatureAlgorithm alg) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), alg);
    Certificate cert = issue(ca);
    assertThat(cert.signature().algorithm()).isEqualTo(alg.wireName());
    // The document survives a round trip through its JSON.
    Certificate back = Certificate.parse(cert.canonicalBytes());
    assertThat(back.certificateHash()).isEqualTo(cert.certificateHash()).hasSize(64);
    // The whole document's bytes are built around the payload's own: they equal its RFC 8785 form.
    byte[] whole = Json.canonical(cert);
    assertThat(cert.canonicalBytes()).isEqualTo(whole);
    assertThat(cert.encoded().signedBytes()).isEqualTo(Json.canonical(cert.payload()));
    assertThat(cert.certificateHash()).isEqualTo(io.dareg.core.crypto.Hashes.hex(alg.hash(), whole));
    VerificationReport offline = verifier(ca).verify(back, ISSUED.plusSeconds(60), null, null);
    assertThat(offline.valid()).as(offline.toString()).isTrue();
    assertThat(offline.check(CheckName.LEDGER_STATUS).outcome()).isEqualTo(Outcome.SKIPPED);
    VerificationReport online = verifier(ca).verify(back, ISSUED.plusSeconds(60), ledger(cert, CertificateStatus.ACTIVE, cert.certificateHash()),
        new CertificateVerifier.EvidenceClaim(HashAlgorithm.SM3, DATA_HASH));
    assertThat(online.valid()).as(online.toString()).isTrue();
    assertThat(online.checks()).extracting(VerificationReport.Check::outcome).containsOnly(Outcome.PASS);
    // A reloaded authority signs with the same keys.
    assertThat(CertificateAuthority.loadOrCreate(tmp.resolve("ca"), alg).root()).isEqualTo(ca.root());
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void each_kind_of_damage_fails_the_check_it_concerns(SignatureAlgorithm alg) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), alg);
    Certificate cert = issue(ca);
    Instant now = ISSUED.plusSeconds(60);

    // One changed character in the payload.
    String json = new String(cert.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("甲公司", "乙公司");
    Certificate changed = Certificate.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    VerificationReport r1 = verifier(ca).verify(changed, now, null, null);
    assertThat(r1.check(CheckName.SIGNATURE).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r1.valid()).isFalse();

    // A root the verifier does not trust.
    CertificateAuthority other = CertificateAuthority.loadOrCreate(tmp.resolve("other"), alg);
    VerificationReport r2 = verifier(other).verify(cert, now, null, null);
    assertThat(r2.check(CheckName.CHAIN).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r2.check(CheckName.CHAIN).detail()).contains("not a trusted registry root");

    // Past its validity.
    VerificationReport r3 = verifier(ca).verify(cert, ISSUED.plus(java.time.Duration.ofDays(800)), null, null);
    assertThat(r3.check(CheckName.VALIDITY).outcome()).isEqualTo(Outcome.FAIL);

    // Superseded and revoked on the ledger.
    VerificationReport r4 = verifier(ca).verify(cert, now, ledger(cert, CertificateStatus.SUPERSEDED, cert.certificateHash()), null);
    assertThat(r4.check(CheckName.LEDGER_STATUS).detail()).contains("SUPERSEDED").contains("C02");
    VerificationReport r5 = verifier(ca).verify(cert, now, ledger(cert, CertificateStatus.REVOKED, cert.certificateHash()), null);
    assertThat(r5.check(CheckName.LEDGER_STATUS).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r5.valid()).isFalse();

    // The ledger holds another document under this number.
    VerificationReport r6 = verifier(ca).verify(cert, now, ledger(cert, CertificateStatus.ACTIVE, "00".repeat(32)), null);
    assertThat(r6.check(CheckName.LEDGER_RECORDED).outcome()).isEqualTo(Outcome.FAIL);

    // Data that is not the registered data.
    VerificationReport r7 = verifier(ca).verify(cert, now, null, new CertificateVerifier.EvidenceClaim(HashAlgorithm.SM3, "ef".repeat(32)));
    assertThat(r7.check(CheckName.EVIDENCE).outcome()).isEqualTo(Outcome.FAIL);

    // A signature value that is not even base64 is refused when the document is read.
    String broken = json.replace("\"value\":\"", "\"value\":\"!");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Certificate.parse(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessageContaining("signature.value");
    assertThat(Json.mapper().readTree(cert.canonicalBytes()).path("mediaType").asText()).isEqualTo(Certificate.MEDIA_TYPE);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void a_verifier_that_remembers_good_chains_still_refuses_a_spliced_one(SignatureAlgorithm alg) throws Exception {
    CertificateAuthority ca = CertificateAuthority.loadOrCreate(tmp.resolve("ca"), alg);
    CertificateAuthority other = CertificateAuthority.loadOrCreate(tmp.resolve("other"), alg);
    CertificateVerifier verifier = verifier(ca);
    Instant now = ISSUED.plusSeconds(60);
    Certificate good = issue(ca);
    assertThat(verifier.verify(good, now, null, null).valid()).isTrue();
    assertThat(verifier.verify(good, now, null, null).valid()).isTrue();
    // Another CA's certificate, its chain ending at our trusted root: each link is checked anew.
    Certificate foreign = issue(other);
    List<String> spliced = new java.util.ArrayList<>(foreign.signature().chain());
    spliced.set(spliced.size() - 1, good.signature().chain().get(good.signature().chain().size() - 1));
    Certificate forged = new Certificate(foreign.mediaType(), foreign.payload(), new io.dareg.core.cert.CertificateSignature(
        foreign.signature().algorithm(), foreign.signature().keyId(), foreign.signature().value(), spliced));
    VerificationReport r = verifier.verify(forged, now, null, null);
    assertThat(r.check(CheckName.CHAIN).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.check(CheckName.CHAIN).detail()).contains("is not signed by");
    assertThat(r.valid()).isFalse();
  }
}
