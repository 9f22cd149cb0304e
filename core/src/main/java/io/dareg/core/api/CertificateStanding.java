package io.dareg.core.api;

import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.RegistrationStatus;
import java.util.List;

/**
 * What the ledger says of a certificate for its verification, in one read: its record, and the
 * status of the registration it certifies as the ledger recorded it.
 *
 * @param certificate the ledger's record of the certificate
 * @param registrationStatus the registration's status as of the query, or null when the
 *     registration is not on the ledger
 * @param objections issue 20: the objections registered against the registration after issue and still
 *     pending (异议登记), shown as "objection registered"
 * @param validityEnded issue 20: the registration is recorded ISSUED but its validity ended and no sweep has
 *     recorded the expiry yet
 */
public record CertificateStanding(
    CertificateRecord certificate,
    RegistrationStatus registrationStatus,
    // issue 20: after issue
    List<String> objections,
    boolean validityEnded) {
  /** Defensive copy. */
  public CertificateStanding {
    objections = objections == null ? List.of() : List.copyOf(objections);
  }

  /** A standing with no objection registered and validity not ended. */
  public CertificateStanding(CertificateRecord certificate, RegistrationStatus registrationStatus) {
    this(certificate, registrationStatus, List.of(), false);
  }
}
