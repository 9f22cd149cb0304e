package io.dareg.gateway.ledger;

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
}
