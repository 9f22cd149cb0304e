package io.dareg.core.api;

import io.dareg.core.model.Trade;
import java.util.List;

/**
 * One page of trades from the gateway's query index.
 *
 * @param items the trades, in time order, then by number
 * @param bookmark pass it back ({@link TradeQuery#after}) for the next page; empty when this is the
 *     last page. A page may hold fewer items than asked for, even none, while a bookmark follows.
 * @param indexedThrough the last block the index holds, -1 when it holds none
 * @param behind true while the index has not yet taken in every block of the ledger (it is being
 *     rebuilt, or catching up): the answer is right for the blocks it holds
 */
public record TradePage(List<Trade> items, String bookmark, long indexedThrough, boolean behind) {
  /** Defensive copy. */
  public TradePage {
    items = List.copyOf(items);
    bookmark = bookmark == null ? "" : bookmark;
  }
}
