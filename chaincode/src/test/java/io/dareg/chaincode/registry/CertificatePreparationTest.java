package io.dareg.chaincode.registry;

import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_A;
import static io.dareg.chaincode.registry.RegistryFixture.HOLDER_B;
import static io.dareg.chaincode.registry.RegistryFixture.REGISTRAR;
import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.chaincode.registry.RuleException.Code;
import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.cert.CertificateSignature;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.Registration;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: the rules compose the certificate payload to sign from the state in one read
 * ({@code prepareCertificate}), and {@code recordCertificate} checks the signed certificate against
 * the state, field by field, before it records its hash and signer.
 */
class CertificatePreparationTest {

  @Test
  void prepares_the_payload_of_the_next_certificate_from_the_state() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "prepared");
    CertificatePayload p = prepare(f, r.regNo());
    assertThat(p.certNo()).isEqualTo(r.regNo() + "-C01");
    assertThat(p.version()).isEqualTo(1);
    assertThat(p.certificateName()).isEqualTo(CertificatePayload.TITLE);
    assertThat(p.registryName()).isEqualTo("天津数据资产登记中心");
    assertThat(p.holders()).containsExactly(new CertificatePayload.Holder(f.accountA, "甲数据科技有限公司"));
    assertThat(p.evidence()).extracting(CertificatePayload.EvidenceEntry::evidenceNo).containsExactlyElementsOf(r.evidenceNos());
    assertThat(p.validFrom()).isEqualTo(r.validFrom());
    assertThat(p.validUntil()).isEqualTo(r.validUntil());
    assertThat(p.encumbrances()).isEmpty();
    assertThat(p.issuedAt()).isEqualTo(f.now.minusMillis(1));
  }

  @Test
  void records_the_signed_certificate_as_prepared_with_its_own_hash_and_signer() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "recorded");
    Certificate cert = signed(prepare(f, r.regNo()));
    CertificateRecord rec = f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), cert), CertificateRecord.class);
    assertThat(rec.certNo()).isEqualTo(r.regNo() + "-C01");
    assertThat(rec.certificateHash()).isEqualTo(cert.certificateHash());
    assertThat(rec.signerKeyId()).isEqualTo("registry-key-1");
    // The next one is C02, and names the holders the registration has then.
    assertThat(prepare(f, r.regNo()).certNo()).isEqualTo(r.regNo() + "-C02");
  }

  @Test
  void refuses_an_altered_payload_naming_the_field() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "altered");
    CertificatePayload p = prepare(f, r.regNo());
    CertificatePayload altered = new CertificatePayload(
        p.certificateName(), p.certNo(), p.version(), p.regNo(), p.registryName(), p.profile(), p.issuedAt(), p.assetName(),
        p.assetVersion(), p.assetForm(), List.of(new CertificatePayload.Holder(f.accountB, "乙数据服务有限公司")), p.rightType(),
        p.acquisition(), p.updateFrequency(), p.scenarios(), p.scope(), p.validFrom(), p.validUntil(), p.encumbrances(), p.evidence());
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), signed(altered)));
    assertThat(e.getMessage()).contains("payload.holders").contains(f.accountB).contains("prepareCertificate");
  }

  @Test
  void refuses_a_payload_the_state_has_moved_past() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "stale");
    CertificatePayload first = prepare(f, r.regNo());
    // A pledge filed after the payload was prepared belongs on the certificate's encumbrance page.
    f.call(HOLDER_A, "addEncumbrance", f.pledge(r.regNo(), f.accountB));
    RuleException pledged = f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), signed(first)));
    assertThat(pledged.getMessage()).contains("payload.encumbrances");
    // Another certificate recorded in between: the number is taken.
    CertificatePayload second = prepare(f, r.regNo());
    f.call(REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), signed(prepare(f, r.regNo()))));
    RuleException taken = f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), signed(second)));
    assertThat(taken.getMessage()).contains("payload.certNo").contains(r.regNo() + "-C02");
  }

  @Test
  void refuses_a_certificate_signed_too_long_before_it_is_recorded() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "late");
    Certificate cert = signed(prepare(f, r.regNo()));
    f.advance(Duration.ofMinutes(11));
    RuleException e = f.refused(Code.CONFLICT, REGISTRAR, "recordCertificate", new RecordCertificateRequest(r.regNo(), cert));
    assertThat(e.getMessage()).contains("not within 10 minutes").contains("prepareCertificate");
  }

  @Test
  void refuses_a_hash_or_signer_that_is_not_the_certificates() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration r = issuedWithoutCertificate(f, "hash");
    Certificate cert = signed(prepare(f, r.regNo()));
    RuleException hash = f.refused(Code.INVALID, REGISTRAR, "recordCertificate",
        new RecordCertificateRequest(r.regNo(), RegistryFixture.hash("another"), null, cert));
    assertThat(hash.field()).isEqualTo("certificateHash");
    RuleException signer = f.refused(Code.INVALID, REGISTRAR, "recordCertificate",
        new RecordCertificateRequest(r.regNo(), null, "registry-key-2", cert));
    assertThat(signer.field()).isEqualTo("signerKeyId");
  }

  @Test
  void prepares_only_for_the_registrar_and_an_issued_registration() {
    RegistryFixture f = RegistryFixture.initialised("TJ-DIP");
    Registration notice = f.toNotice(HOLDER_A, "TJ-DIP", "in notice");
    RuleException holder = f.refused(Code.FORBIDDEN, HOLDER_B, "prepareCertificate", new RegNoRequest(notice.regNo()));
    assertThat(holder.getMessage()).startsWith("prepareCertificate is for the REGISTRAR role");
    RuleException early = f.refused(Code.CONFLICT, REGISTRAR, "prepareCertificate", new RegNoRequest(notice.regNo()));
    assertThat(early.getMessage()).contains("it must be ISSUED");
  }

  private static Registration issuedWithoutCertificate(RegistryFixture f, String data) {
    Registration r = f.toNotice(HOLDER_A, "TJ-DIP", data);
    f.advanceTo(r.noticeEnd());
    return f.call(REGISTRAR, "issue", new RegNoRequest(r.regNo()), Registration.class);
  }

  private static CertificatePayload prepare(RegistryFixture f, String regNo) {
    return f.call(REGISTRAR, "prepareCertificate", new RegNoRequest(regNo), CertificatePayload.class);
  }

  /** The certificate of {@code payload} with a signature the rules do not verify (the gateway signs; verifiers check). */
  private static Certificate signed(CertificatePayload payload) {
    String bytes = Base64.getEncoder().encodeToString(("signature over " + payload.certNo() + payload.issuedAt()).getBytes());
    return new Certificate(Certificate.MEDIA_TYPE, payload,
        new CertificateSignature("ECDSA-P256-SHA256", "registry-key-1", bytes, List.of(Base64.getEncoder().encodeToString(new byte[] {1}))));
  }
}
