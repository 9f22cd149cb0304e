package io.dareg.core.api;

import io.dareg.core.model.Require;
import io.dareg.core.model.ReviewOutcome;

/**
 * The registry's formal review decision.
 *
 * @param regNo the registration
 * @param outcome pass, needs correction (with the profile's deadline) or reject
 * @param opinionHash hash of the written opinion
 * @param reason the public reason in words, required unless the outcome is PASS
 */
public record FormalReviewRequest(
    String regNo, ReviewOutcome outcome, String opinionHash, String reason) {
  /** Validates every field. */
  public FormalReviewRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("outcome", outcome);
    opinionHash = Require.hash("opinionHash", opinionHash);
    reason = Require.optionalText("reason", reason, 2000);
    if (outcome != ReviewOutcome.PASS && reason == null) {
      throw new io.dareg.core.model.InvalidInputException(
          "reason", "say what must be corrected, or why the application is rejected");
    }
  }
}
