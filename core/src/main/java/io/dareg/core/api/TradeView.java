package io.dareg.core.api;

import io.dareg.core.model.Delivery;
import io.dareg.core.model.Trade;
import java.util.List;

/**
 * A trade with the deliveries recorded under it, in number order.
 *
 * @param trade the trade
 * @param deliveries its deliveries, each with the buyer's answer once given
 */
public record TradeView(Trade trade, List<Delivery> deliveries) {
  /** Defensive copy. */
  public TradeView {
    deliveries = List.copyOf(deliveries);
  }
}
