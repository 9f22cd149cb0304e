package io.dareg.core.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A holder's application to change or correct an issued registration's data (变更登记 / 更正登记,
 * SZ, TJ-DIP, GD 变动登记; DL art. 29: a change voids the current certificate and a new one is issued).
 * Fields left null are not changed.
 *
 * @param changeNo the application number
 * @param regNo the registration to change
 * @param kind change or correction
 * @param applicant the identity that applied
 * @param asset the changed public description, or null when it stays
 * @param authorisationEnds the new end of the authorisation agreement, or null when it stays
 * @param dataValidUntil the new end of the data's own validity, or null when it stays
 * @param confidentialHash the hash of the changed confidential material, or null when it stays
 * @param reason why the data changed, in words
 * @param reasonHash hash of the supporting documents, or null
 * @param status where it stands
 * @param appliedAt when it was applied for
 * @param reviewDue the registry decides by then (profile change review period)
 * @param decidedAt when it was approved or refused, or null
 * @param decisionHash hash of the written decision, or null
 * @param decisionReason the decision's grounds in words, or null
 * @param supersededCertificate the certificate the approval superseded, or null
 */
public record ChangeApplication(
    String changeNo,
    String regNo,
    ChangeKind kind,
    IdentityRef applicant,
    AssetDescription asset,
    LocalDate authorisationEnds,
    LocalDate dataValidUntil,
    String confidentialHash,
    String reason,
    String reasonHash,
    ChangeStatus status,
    Instant appliedAt,
    Instant reviewDue,
    Instant decidedAt,
    String decisionHash,
    String decisionReason,
    String supersededCertificate) {
  /** Validates every field. */
  public ChangeApplication {
    changeNo = Require.identifier("changeNo", changeNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    Require.present("applicant", applicant);
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
    reason = Require.text("reason", reason, 2000);
    reasonHash = Require.optionalHash("reasonHash", reasonHash);
    Require.present("status", status);
    Require.present("appliedAt", appliedAt);
    Require.present("reviewDue", reviewDue);
    decisionHash = Require.optionalHash("decisionHash", decisionHash);
    decisionReason = Require.optionalText("decisionReason", decisionReason, 2000);
  }

  /** This application decided. */
  public ChangeApplication decided(ChangeStatus outcome, Instant at, String hash, String words, String superseded) {
    return new ChangeApplication(
        changeNo, regNo, kind, applicant, asset, authorisationEnds, dataValidUntil, confidentialHash, reason,
        reasonHash, outcome, appliedAt, reviewDue, at, hash, words, superseded);
  }

  /** True while undecided after its review deadline: the registry is late (the applicant is not refused). */
  public boolean reviewOverdue(Instant now) {
    return status == ChangeStatus.APPLIED && now.isAfter(reviewDue);
  }
}
