package io.dareg.core.model;

/**
 * Where a trade stands, in one word, as the exchanges' and regulators' queries filter by it: a
 * dispute outweighs settlement, as in the provenance timeline.
 */
public enum TradeStatus {
  /** Recorded by the exchange; not settled, not disputed. */
  RECORDED,
  /** The exchange recorded its settlement. */
  SETTLED,
  /** A dispute is open. */
  DISPUTED,
  /** A dispute was resolved. */
  RESOLVED;

  /** The status of {@code trade}. */
  public static TradeStatus of(Trade trade) {
    if (trade.dispute() != null) {
      return trade.dispute() == DisputeStatus.DISPUTED ? DISPUTED : RESOLVED;
    }
    return trade.settledAt() != null ? SETTLED : RECORDED;
  }
}
