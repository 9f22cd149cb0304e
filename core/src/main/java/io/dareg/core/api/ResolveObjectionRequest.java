package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Require;

/**
 * The registry's decision on an objection.
 *
 * @param objectionNo the objection
 * @param outcome UPHELD (the registration is rejected), DISMISSED (the notice resumes) or LAPSED
 *     (no court filing within the period: the notice resumes)
 * @param outcomeHash hash of the decision or judgment
 */
public record ResolveObjectionRequest(
    String objectionNo, ObjectionStatus outcome, String outcomeHash) {
  /** Validates every field. */
  public ResolveObjectionRequest {
    objectionNo = Require.identifier("objectionNo", objectionNo);
    Require.present("outcome", outcome);
    if (outcome != ObjectionStatus.UPHELD
        && outcome != ObjectionStatus.DISMISSED
        && outcome != ObjectionStatus.LAPSED) {
      throw new InvalidInputException("outcome", "must be UPHELD, DISMISSED or LAPSED");
    }
    outcomeHash = Require.hash("outcomeHash", outcomeHash);
  }
}
