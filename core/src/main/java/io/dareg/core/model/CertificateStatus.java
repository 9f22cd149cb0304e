package io.dareg.core.model;

/** Where a certificate record stands on the ledger. */
public enum CertificateStatus {
  /** In force. */
  ACTIVE,
  /** Replaced by a later certificate (renewal, transfer, reissue, change of data). */
  SUPERSEDED,
  /** Revoked with its registration. */
  REVOKED,
  /** Its registration was cancelled or abandoned. */
  CANCELLED
}
