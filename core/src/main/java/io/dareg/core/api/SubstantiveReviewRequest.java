package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import io.dareg.core.model.ReviewOutcome;

/**
 * A reviewer's substantive review opinion.
 *
 * @param regNo the registration
 * @param outcome PASS or REJECT
 * @param opinionHash hash of the written opinion
 */
public record SubstantiveReviewRequest(String regNo, ReviewOutcome outcome, String opinionHash) {
  /** Validates every field. */
  public SubstantiveReviewRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("outcome", outcome);
    if (outcome == ReviewOutcome.NEEDS_CORRECTION) {
      throw new InvalidInputException("outcome", "a substantive review is PASS or REJECT");
    }
    opinionHash = Require.hash("opinionHash", opinionHash);
  }
}
