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
 * @param forwardDue issue 20 (objection registration after issue): the registry forwards the objection to the
 *     holder by then, or null for an objection during the notice
 * @param forwardedAt issue 20: when the registry recorded forwarding it to the holder, or null
 * @param answerDue issue 20: the holder answers by then (set when forwarded), or null
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
    String outcomeHash,
    // issue 20: objection registration after issue
    Instant forwardDue,
    Instant forwardedAt,
    Instant answerDue) {
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
        newOutcomeHash != null ? newOutcomeHash : outcomeHash,
        forwardDue, forwardedAt, answerDue);
  }

  /** Issue 20: true for an objection registered against an issued registration (异议登记). */
  public boolean afterIssue() {
    return forwardDue != null;
  }

  /** Issue 20: this objection, forwarded to the holder at {@code at}, to be answered by {@code due}. */
  public Objection forwarded(Instant at, Instant due) {
    return new Objection(
        objectionNo, regNo, kind, objector, groundsHash, evidenceHash, status, raisedAt, answerHash, answeredAt,
        filingDeadline, filingHash, resolvedAt, outcomeHash, forwardDue, at, due);
  }

  /** Issue 20: true when the registry has not forwarded it to the holder and its forwarding deadline passed. */
  public boolean forwardingOverdue(Instant now) {
    return forwardDue != null && forwardedAt == null && status.pending() && now.isAfter(forwardDue);
  }
}
