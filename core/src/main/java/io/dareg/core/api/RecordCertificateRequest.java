package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Records a signed certificate's hash for an issued registration; the one in force before is
 * superseded (renewal, transfer, reissue of a lost certificate).
 *
 * @param regNo the registration
 * @param certificateHash hash of the certificate's canonical bytes
 * @param signerKeyId the id of the registry key that signed it
 */
public record RecordCertificateRequest(String regNo, String certificateHash, String signerKeyId) {
  /** Validates every field. */
  public RecordCertificateRequest {
    regNo = Require.identifier("regNo", regNo);
    certificateHash = Require.hash("certificateHash", certificateHash);
    signerKeyId = Require.identifier("signerKeyId", signerKeyId);
  }
}
