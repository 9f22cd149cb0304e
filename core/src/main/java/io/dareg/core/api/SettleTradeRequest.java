package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * The exchange records that a trade was settled (结算).
 *
 * @param tradeNo the trade
 * @param settlementHash hash of the settlement record (the amount paid stays off the ledger)
 */
public record SettleTradeRequest(String tradeNo, String settlementHash) {
  /** Validates every field. */
  public SettleTradeRequest {
    tradeNo = Require.identifier("tradeNo", tradeNo);
    settlementHash = Require.hash("settlementHash", settlementHash);
  }
}
