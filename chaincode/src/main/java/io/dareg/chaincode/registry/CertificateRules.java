package io.dareg.chaincode.registry;

import io.dareg.core.api.RecordCertificateRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificatePayload;
import io.dareg.core.model.Account;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrationStatus;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Certificate records: the ledger keeps each signed certificate's hash and status. At most one is
 * active per registration; renewal, transfer, reissue and an approved change or correction (issue 20)
 * supersede it, the superseded record naming its successor once it is recorded; revocation revokes it, and
 * cancellation or abandonment cancels it.
 */
final class CertificateRules {

  /** How long a prepared certificate may wait for its signature before it is recorded. */
  static final Duration SIGNING_WINDOW = Duration.ofMinutes(10);

  void declare(RegistryTransactions.Declarations d) {
    d.submit("recordCertificate", RecordCertificateRequest.class, this::record);
    // issue 22: the payload to sign, composed from the state in one read
    d.evaluate("prepareCertificate", RegNoRequest.class, this::prepare);
  }

  /**
   * The payload the registry signs for the registration's next certificate, composed from the
   * state: its number and version, holders by name, evidence annex, encumbrances in force,
   * validity and the registry's name, signed at this transaction's time.
   */
  CertificatePayload prepare(Tx tx, RegNoRequest req) {
    return compose(tx, certifiable(tx, req.regNo()), tx.time());
  }

  /** The registration a registrar may certify now (issued), for preparing a certificate and for recording it alike. */
  private static Registration certifiable(Tx tx, String regNo) {
    tx.access.registrar();
    Registration r = tx.registration(regNo);
    tx.access.requireActsFor(r.regNo()); // issue 25: the registry's key is asked to sign only for its own registrar
    tx.requireStatus(r, "certify", RegistrationStatus.ISSUED);
    return r;
  }

  CertificateRecord record(Tx tx, RecordCertificateRequest req) {
    Registration r = certifiable(tx, req.regNo());
    String hash = req.certificateHash();
    String signerKeyId = req.signerKeyId();
    if (req.certificate() != null) {
      Certificate document = req.certificate();
      requireAsPrepared(tx, r, document.payload());
      String documentHash = document.certificateHash();
      if (hash != null && !hash.equals(documentHash)) {
        throw RuleException.invalid("certificateHash", "is not the hash of the certificate given (" + documentHash + "); leave it out");
      }
      if (signerKeyId != null && !signerKeyId.equals(document.signature().keyId())) {
        throw RuleException.invalid("signerKeyId", "is not the key id of the certificate's signature (" + document.signature().keyId()
            + "); leave it out");
      }
      hash = documentHash;
      signerKeyId = document.signature().keyId();
    }
    String existing = tx.store.text(Keys.certificateHash(hash));
    if (existing != null) {
      throw RuleException.conflict("this certificate hash is already recorded as " + existing);
    }
    int version = nextVersion(tx, r);
    String certNo = certNo(r, version);
    tx.endCertificate(r, CertificateStatus.SUPERSEDED, r.certificateNo() == null ? null : "reissued", certNo);
    if (r.certificateNo() == null && version > 1) {
      // issue 20: a renewal or an approved change superseded the previous certificate; name its successor
      String previousNo = certNo(r, version - 1);
      CertificateRecord previous = tx.store.find(Keys.CERTIFICATE.record(previousNo), CertificateRecord.class);
      if (previous != null && previous.status() == CertificateStatus.SUPERSEDED && previous.supersededBy() == null) {
        tx.store.put(Keys.CERTIFICATE.record(previousNo), previous.ended(CertificateStatus.SUPERSEDED, certNo, previous.statusReason()));
      }
    }
    CertificateRecord cert =
        new CertificateRecord(
            certNo, r.regNo(), version, hash, signerKeyId, r.validFrom(), r.validUntil(),
            CertificateStatus.ACTIVE, tx.time(), null, null);
    tx.store.put(Keys.CERTIFICATE.record(certNo), cert);
    tx.store.mark(Keys.CERTIFICATE.entry(r.regNo(), certNo));
    tx.store.putText(Keys.certificateHash(hash), certNo);
    tx.saved(r, r.toBuilder().certificateNo(certNo));
    return cert;
  }

  /**
   * Refuses a signed payload that is not what {@link #prepare} composes from the state now (signed at
   * its own time, inside the {@link #SIGNING_WINDOW}), naming the first field that differs.
   */
  private static void requireAsPrepared(Tx tx, Registration r, CertificatePayload signed) {
    if (signed.issuedAt().isAfter(tx.time()) || signed.issuedAt().isBefore(tx.time().minus(SIGNING_WINDOW))) {
      throw RuleException.conflict(
          "the certificate was signed at " + signed.issuedAt() + ", not within " + SIGNING_WINDOW.toMinutes() + " minutes before "
              + tx.time() + ": prepare it again (prepareCertificate) and sign what it returns");
    }
    CertificatePayload expected = compose(tx, r, signed.issuedAt());
    for (RecordComponent field : CertificatePayload.class.getRecordComponents()) {
      Object given = value(field, signed);
      Object state = value(field, expected);
      if (!Objects.equals(given, state)) {
        throw RuleException.conflict(
            "payload." + field.getName() + " of the certificate is " + shown(given) + ", but the ledger gives " + shown(state)
                + ": the certificate is altered or out of date; prepare it again (prepareCertificate) and sign what it returns");
      }
    }
  }

  private static CertificatePayload compose(Tx tx, Registration r, Instant issuedAt) {
    Map<String, String> names = new HashMap<>();
    for (String id : r.holders()) {
      Account a = tx.store.find(Keys.account(id), Account.class);
      if (a != null) {
        names.put(id, a.name());
      }
    }
    List<Evidence> evidence = new ArrayList<>();
    for (String no : r.evidenceNos()) {
      evidence.add(tx.store.require(Keys.evidence(no), Evidence.class, "evidence " + no));
    }
    List<Encumbrance> inForce = new ArrayList<>();
    for (Encumbrance e : tx.encumbrances(r.regNo())) {
      if (e.active()) {
        inForce.add(e);
      }
    }
    int version = nextVersion(tx, r);
    return CertificatePayload.of(r, inForce, names, evidence, tx.access.requireRegistry(RegistryRecord.codeOf(r.regNo())).name(), certNo(r, version), version, issuedAt);
  }

  private static int nextVersion(Tx tx, Registration r) {
    return tx.store.indexed(Keys.CERTIFICATE.all(r.regNo())).size() + 1;
  }

  private static String certNo(Registration r, int version) {
    return r.regNo() + "-C" + (version < 10 ? "0" + version : String.valueOf(version));
  }

  private static Object value(RecordComponent field, CertificatePayload payload) {
    try {
      return field.getAccessor().invoke(payload);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read payload." + field.getName(), e);
    }
  }

  private static String shown(Object value) {
    String s = String.valueOf(value);
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
