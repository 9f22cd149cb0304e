package io.dareg.core.api;

import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.Require;

/**
 * The exchange marks a trade disputed, or records the outcome of the dispute.
 *
 * @param tradeNo the trade
 * @param status DISPUTED, or RESOLVED once decided
 * @param documentHash hash of the complaint, or of the outcome
 */
public record TradeDisputeRequest(String tradeNo, DisputeStatus status, String documentHash) {
  /** Validates every field. */
  public TradeDisputeRequest {
    tradeNo = Require.identifier("tradeNo", tradeNo);
    Require.present("status", status);
    documentHash = Require.hash("documentHash", documentHash);
  }
}
