package io.dareg.core.api;

import io.dareg.core.cert.Certificate;
import io.dareg.core.model.Require;

/**
 * Records a signed certificate for an issued registration; the one in force before is superseded
 * (renewal, transfer, reissue of a lost certificate).
 *
 * <p>With {@code certificate} (issue 22), the rules check its payload against the ledger's state,
 * field by field, as {@code prepareCertificate} composes it, and record the hash and signer of the
 * document given; {@code certificateHash} and {@code signerKeyId} may then be left out (given, they
 * must be the document's). Without it, the hash and signer are recorded as given.
 *
 * @param regNo the registration
 * @param certificateHash hash of the certificate's canonical bytes
 * @param signerKeyId the id of the registry key that signed it
 * @param certificate the signed certificate, or null
 */
public record RecordCertificateRequest(String regNo, String certificateHash, String signerKeyId, Certificate certificate) {
  /** Validates every field. */
  public RecordCertificateRequest {
    regNo = Require.identifier("regNo", regNo);
    if (certificate == null || certificateHash != null) {
      certificateHash = Require.hash("certificateHash", certificateHash);
    }
    if (certificate == null || signerKeyId != null) {
      signerKeyId = Require.identifier("signerKeyId", signerKeyId);
    }
  }

  /** Records a hash and signer as given, without the document. */
  public RecordCertificateRequest(String regNo, String certificateHash, String signerKeyId) {
    this(regNo, certificateHash, signerKeyId, null);
  }

  /** Records the signed {@code certificate}, checked against the ledger's state. */
  public RecordCertificateRequest(String regNo, Certificate certificate) {
    this(regNo, null, null, Require.present("certificate", certificate));
  }
}
