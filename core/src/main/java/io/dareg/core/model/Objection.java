package io.dareg.core.model;

import java.time.Instant;

/**
 * An objection (异议) to a registration in public notice, raised under a real name with evidence.
 *
 * @param objectionNo the objection number
 * @param regNo the registration objected to
 * @param kind general or ownership
 * @param objector who objects
 * @param groundsHash hash of the written grounds
 * @param evidenceHash hash of the objector's evidence
 * @param status where it stands
 * @param raisedAt when it was raised
 * @param answerHash hash of the holder's answer, or null
 * @param answeredAt when the holder answered, or null
 * @param filingDeadline for ownership disputes, when the court filing is due; else null
 * @param filingHash hash of the court or arbitration filing, or null
 * @param resolvedAt when it was resolved, or null
 * @param outcomeHash hash of the decision or judgment, or null
 */
public record Objection(
    String objectionNo,
    String regNo,
    ObjectionKind kind,
    IdentityRef objector,
    String groundsHash,
    String evidenceHash,
    ObjectionStatus status,
    Instant raisedAt,
    String answerHash,
    Instant answeredAt,
    Instant filingDeadline,
    String filingHash,
    Instant resolvedAt,
    String outcomeHash) {
  /** Validates every field. */
  public Objection {
    objectionNo = Require.identifier("objectionNo", objectionNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    Require.present("objector", objector);
    groundsHash = Require.hash("groundsHash", groundsHash);
    evidenceHash = Require.hash("evidenceHash", evidenceHash);
    Require.present("status", status);
    Require.present("raisedAt", raisedAt);
    answerHash = Require.optionalHash("answerHash", answerHash);
    filingHash = Require.optionalHash("filingHash", filingHash);
    outcomeHash = Require.optionalHash("outcomeHash", outcomeHash);
  }

  /** This objection with a new status and the given changes; null arguments keep the old value. */
  public Objection with(
      ObjectionStatus newStatus,
      String newAnswerHash,
      Instant newAnsweredAt,
      Instant newFilingDeadline,
      String newFilingHash,
      Instant newResolvedAt,
      String newOutcomeHash) {
    return new Objection(
        objectionNo, regNo, kind, objector, groundsHash, evidenceHash, newStatus, raisedAt,
        newAnswerHash != null ? newAnswerHash : answerHash,
        newAnsweredAt != null ? newAnsweredAt : answeredAt,
        newFilingDeadline != null ? newFilingDeadline : filingDeadline,
        newFilingHash != null ? newFilingHash : filingHash,
        newResolvedAt != null ? newResolvedAt : resolvedAt,
        newOutcomeHash != null ? newOutcomeHash : outcomeHash);
  }
}
