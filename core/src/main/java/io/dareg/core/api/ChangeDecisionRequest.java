package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * The registry approves or refuses a change or correction application (issue 20).
 *
 * @param changeNo the application
 * @param decisionHash hash of the written decision, or null (required to refuse)
 * @param reason the decision's grounds in words, or null (required to refuse)
 */
public record ChangeDecisionRequest(String changeNo, String decisionHash, String reason) {
  /** Validates every field. */
  public ChangeDecisionRequest {
    changeNo = Require.identifier("changeNo", changeNo);
    decisionHash = Require.optionalHash("decisionHash", decisionHash);
    reason = Require.optionalText("reason", reason, 2000);
  }
}
