package io.dareg.core.api;

import io.dareg.core.model.CancellationBasis;
import io.dareg.core.model.Require;

/**
 * Cancels (注销) a registration; its records stay on the ledger.
 *
 * @param regNo the registration
 * @param basis the holder's request or a judgment
 * @param reasonHash hash of the request or judgment
 * @param reason the public reason in words
 */
public record CancelRequest(
    String regNo, CancellationBasis basis, String reasonHash, String reason) {
  /** Validates every field. */
  public CancelRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("basis", basis);
    reasonHash = Require.hash("reasonHash", reasonHash);
    reason = Require.text("reason", reason, 2000);
  }
}
