package io.dareg.gateway.ledger;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows a ledger's committed events block by block ({@link Ledger#events(long, EventListener)}): each event of a
 * block, then the block's end. The end tells a follower how far the ledger has been read even where blocks carry no
 * event of the registry: on a Fabric channel shared with other chaincodes most blocks may be such, and so are
 * configuration blocks and blocks whose transactions the peers marked invalid.
 */
public interface EventListener {
  /** An event of the block being delivered, in the order its transactions were committed. */
  void event(LedgerEvent event);

  /** Every event of block {@code number} has been delivered (there may have been none); the next is of a later block. */
  void blockEnd(long number);

  /**
   * Hands {@code listener} the events of block {@code number}, then its end: what every ledger's feed does with a block.
   * A listener that fails on one is logged and handed the rest, so that one follower cannot stop a feed.
   */
  static void deliver(EventListener listener, long number, List<LedgerEvent> events) {
    for (LedgerEvent e : events) {
      try {
        listener.event(e);
      } catch (RuntimeException ex) {
        Logger.getLogger(EventListener.class.getName()).log(Level.WARNING, "an event listener failed on " + e.txId(), ex);
      }
    }
    try {
      listener.blockEnd(number);
    } catch (RuntimeException ex) {
      Logger.getLogger(EventListener.class.getName())
          .log(Level.WARNING, "an event listener failed at the end of block " + number, ex);
    }
  }
}
