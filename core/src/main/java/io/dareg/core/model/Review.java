package io.dareg.core.model;

import java.time.Instant;

/**
 * A review opinion recorded on the ledger; the opinion itself stays off the ledger, its hash on it.
 *
 * @param reviewNo the review number
 * @param regNo the registration reviewed
 * @param kind formal or substantive
 * @param outcome pass, needs correction or reject
 * @param reviewer who reviewed
 * @param opinionHash hash of the written opinion
 * @param reviewedAt when
 */
public record Review(
    String reviewNo,
    String regNo,
    ReviewKind kind,
    ReviewOutcome outcome,
    IdentityRef reviewer,
    String opinionHash,
    Instant reviewedAt) {
  /** Validates every field. */
  public Review {
    reviewNo = Require.identifier("reviewNo", reviewNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("kind", kind);
    Require.present("outcome", outcome);
    if (kind == ReviewKind.SUBSTANTIVE && outcome == ReviewOutcome.NEEDS_CORRECTION) {
      throw new InvalidInputException(
          "outcome", "a substantive review passes or rejects; corrections belong to formal review");
    }
    Require.present("reviewer", reviewer);
    opinionHash = Require.hash("opinionHash", opinionHash);
    Require.present("reviewedAt", reviewedAt);
  }
}
