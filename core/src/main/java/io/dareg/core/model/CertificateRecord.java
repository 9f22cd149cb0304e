package io.dareg.core.model;

import java.time.Instant;

/**
 * The ledger's record of a signed certificate: its hash, signer and status. The signed document
 * itself is held by the holder and the gateway; anyone can check it against this record.
 *
 * @param certNo the certificate number: registration number and version
 * @param regNo the registration it certifies
 * @param version 1 for the first certificate, then one more per renewal, transfer or reissue
 * @param certificateHash SHA-256 (or SM3) of the certificate's canonical bytes
 * @param signerKeyId the id of the registry key that signed it
 * @param validFrom start of validity
 * @param validUntil end of validity, or null where the profile sets none
 * @param status active, superseded, revoked or cancelled
 * @param issuedAt when it was recorded
 * @param supersededBy the certificate that replaced it, or null
 * @param statusReason why it stopped being active, or null
 */
public record CertificateRecord(
    String certNo,
    String regNo,
    int version,
    String certificateHash,
    String signerKeyId,
    Instant validFrom,
    Instant validUntil,
    CertificateStatus status,
    Instant issuedAt,
    String supersededBy,
    String statusReason) {
  /** Validates every field. */
  public CertificateRecord {
    certNo = Require.identifier("certNo", certNo);
    regNo = Require.identifier("regNo", regNo);
    Require.positive("version", version);
    certificateHash = Require.hash("certificateHash", certificateHash);
    signerKeyId = Require.identifier("signerKeyId", signerKeyId);
    Require.present("validFrom", validFrom);
    Require.present("status", status);
    Require.present("issuedAt", issuedAt);
    statusReason = Require.optionalText("statusReason", statusReason, 500);
  }

  /** This record, no longer active. */
  public CertificateRecord ended(CertificateStatus newStatus, String by, String why) {
    return new CertificateRecord(
        certNo, regNo, version, certificateHash, signerKeyId, validFrom, validUntil, newStatus,
        issuedAt, by, why);
  }
}
