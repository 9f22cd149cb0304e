package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * A decision on a registration with its grounds: reject, withdraw, suspend, resume or close.
 *
 * @param regNo the registration (or, for closing an account, the account id)
 * @param reasonHash hash of the written grounds, or null
 * @param reason the public reason in words
 */
public record DecisionRequest(String regNo, String reasonHash, String reason) {
  /** Validates every field. */
  public DecisionRequest {
    regNo = Require.identifier("regNo", regNo);
    reasonHash = Require.optionalHash("reasonHash", reasonHash);
    reason = Require.text("reason", reason, 2000);
  }
}
