package io.dareg.core.api;

import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.RegistrationStatus;

/**
 * What the ledger says of a certificate for its verification, in one read: its record, and the
 * status of the registration it certifies (derived expiry and deemed withdrawal applied).
 *
 * @param certificate the ledger's record of the certificate
 * @param registrationStatus the registration's status as of the query, or null when the
 *     registration is not on the ledger
 */
public record CertificateStanding(CertificateRecord certificate, RegistrationStatus registrationStatus) {}
