package io.dareg.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.cert.Certificate;
import io.dareg.core.cert.CertificateVerifier;
import io.dareg.core.cert.VerificationReport;

/**
 * Verifying a certificate, the part of {@link DaregClient} anyone may use: at the gateway, here against this client's
 * trusted roots (offline), or here with the ledger's word on whether it is recorded and in force and, for another
 * registry's certificate, on the agreement under which the venue recognises it (online; docs/recognition.md).
 */
public interface VerifyClient {

  /** The gateway's verification of a certificate, each check on its own (public). */
  JsonNode verifyAtGateway(Certificate certificate, CertificateVerifier.EvidenceClaim data);

  /** Verifies a certificate here, against this client's trusted roots, without asking the gateway. */
  default VerificationReport verifyOffline(Certificate certificate, CertificateVerifier.EvidenceClaim data) {
    return verifyOffline(certificate, data, java.time.Instant.now());
  }

  /** As {@link #verifyOffline(Certificate, CertificateVerifier.EvidenceClaim)}, with validity judged at {@code at}. */
  VerificationReport verifyOffline(Certificate certificate, CertificateVerifier.EvidenceClaim data, java.time.Instant at);

  /**
   * Verifies a certificate here against this client's trusted roots, and asks the ledger (through
   * the gateway, with this client's identity) whether it is recorded and in force.
   */
  default VerificationReport verifyOnline(Certificate certificate, CertificateVerifier.EvidenceClaim data) {
    return verifyOnline(certificate, data, java.time.Instant.now());
  }

  /** As {@link #verifyOnline(Certificate, CertificateVerifier.EvidenceClaim)}, with validity judged at {@code at}. */
  default VerificationReport verifyOnline(Certificate certificate, CertificateVerifier.EvidenceClaim data, java.time.Instant at) {
    return verifyOnline(certificate, data, at, null);
  }

  /**
   * Issue 25: as {@link #verifyOnline(Certificate, CertificateVerifier.EvidenceClaim, java.time.Instant)}, relying on registry
   * {@code venue} of the gateway's ledger (null: the ledger's first registry). A certificate of another registry that chains
   * to none of this client's roots passes the chain check when the venue recognises that registry under an agreement in
   * force at {@code at} covering the registration's profile, asset class and right type, and it chains to the root the
   * venue's ledger holds for that registry ({@link io.dareg.core.cert.RegistryTrust}); the check names the agreement. The
   * record and status of a certificate of a peer registry (another ledger) are asked of that registry's gateway, at the
   * URL the venue's ledger holds for it, with this client's identity.
   */
  VerificationReport verifyOnline(Certificate certificate, CertificateVerifier.EvidenceClaim data, java.time.Instant at, String venue);
}
