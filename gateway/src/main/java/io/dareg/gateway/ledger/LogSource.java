package io.dareg.gateway.ledger;

import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the transparency log's entries come from (issue 24): a ledger's committed blocks, each with its entries in
 * order. The embedded ledger's entries are its transactions' canonical bytes, already kept in its block file, so the
 * log only records where they lie; a Fabric channel's entries are derived from each block a peer delivers and the log
 * keeps them itself. The tree, checkpoints, proofs, tiles and cosignatures are the same for both.
 */
public interface LogSource {

  /** How many blocks the ledger has committed now. */
  long height();

  /**
   * The file that already holds every entry at the {@link CommittedBlock#bodyOffset()} each block names (the embedded
   * ledger's block file), or null when the log must keep the entries itself (then {@code bodyOffset} means nothing).
   */
  Path entryFile();

  /**
   * Serves {@code listener} every committed block from {@code fromBlock} on, once each and in order, with its entries
   * as {@link CommittedBlock#transactions()}; on a thread of the source's, which the listener may keep waiting while
   * the log catches up.
   */
  Subscription logBlocks(long fromBlock, Consumer<CommittedBlock> listener);

  /**
   * The chaincode whose transactions are the registry's, when the source's entries can hold other chaincodes' too (a
   * Fabric channel); null when every entry is the registry's.
   */
  default String registryChaincode() {
    return null;
  }

  /** The embedded ledger's blocks, whose entries are its transactions as its block file holds them. */
  static LogSource of(LedgerAdministration ledger) {
    return new LogSource() {
      @Override
      public long height() {
        return ledger.committedPrefix().blocks();
      }

      @Override
      public Path entryFile() {
        return ledger.committedPrefix().blockFile();
      }

      @Override
      public Subscription logBlocks(long fromBlock, Consumer<CommittedBlock> listener) {
        return ledger.blocks(fromBlock, listener);
      }
    };
  }
}
