package io.dareg.chaincode.registry;

import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;

/**
 * Certificate records: the ledger keeps each signed certificate's hash and status. At most one is
 * active per registration; renewal, transfer, reissue and an approved change or correction (issue 20)
 * supersede it, the superseded record naming its successor once it is recorded; revocation revokes it, and
 * cancellation or abandonment cancels it.
 */
final class CertificateRules {

  void declare(RegistryTransactions.Declarations d) {
    d.submit("recordCertificate", RecordCertificateRequest.class, this::record);
  }

  CertificateRecord record(Tx tx, RecordCertificateRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "certify", RegistrationStatus.ISSUED);
    String existing = tx.store.text(Keys.certificateHash(req.certificateHash()));
    if (existing != null) {
      throw RuleException.conflict("this certificate hash is already recorded as " + existing);
    }
    int version = tx.store.indexed(Keys.CERTIFICATE.all(r.regNo())).size() + 1;
    String certNo = r.regNo() + "-C" + (version < 10 ? "0" + version : String.valueOf(version));
    tx.endCertificate(r, CertificateStatus.SUPERSEDED, r.certificateNo() == null ? null : "reissued", certNo);
    if (r.certificateNo() == null && version > 1) {
      // issue 20: a renewal or an approved change superseded the previous certificate; name its successor
      String previousNo = r.regNo() + "-C" + (version - 1 < 10 ? "0" + (version - 1) : String.valueOf(version - 1));
      CertificateRecord previous = tx.store.find(Keys.CERTIFICATE.record(previousNo), CertificateRecord.class);
      if (previous != null && previous.status() == CertificateStatus.SUPERSEDED && previous.supersededBy() == null) {
        tx.store.put(Keys.CERTIFICATE.record(previousNo), previous.ended(CertificateStatus.SUPERSEDED, certNo, previous.statusReason()));
      }
    }
    CertificateRecord cert =
        new CertificateRecord(
            certNo, r.regNo(), version, req.certificateHash(), req.signerKeyId(), r.validFrom(), r.validUntil(),
            CertificateStatus.ACTIVE, tx.time(), null, null);
    tx.store.put(Keys.CERTIFICATE.record(certNo), cert);
    tx.store.mark(Keys.CERTIFICATE.entry(r.regNo(), certNo));
    tx.store.putText(Keys.certificateHash(req.certificateHash()), certNo);
    tx.saved(r, r.toBuilder().certificateNo(certNo));
    return cert;
  }
}
