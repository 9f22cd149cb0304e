package io.dareg.gateway.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Opening the query index's store for the {@link IndexFollower}: resumes from its checkpoint when the
 * store is there, readable and behind the ledger; otherwise sets it aside (with a warning, unless
 * there was none yet) and starts an empty one to be built from block 0. The H2 MVStore file that
 * earlier versions kept beside it ({@value #MVSTORE_FILE}) is removed, with a warning, and the index
 * built anew.
 */
final class IndexRebuild {
  private static final Logger LOG = Logger.getLogger(IndexRebuild.class.getName());
  private static final String NONE_YET = "there is none yet";
  /** The query index of earlier versions: an H2 MVStore file in the index directory. */
  static final String MVSTORE_FILE = "trades.mv.db";

  /**
   * The store to follow the ledger into.
   *
   * @param store the store, open
   * @param from its checkpoint, null when it is built from block 0
   * @param setAside true when a store that was there was set aside (a rebuild an operator hears of)
   */
  record Opened(IndexStore store, IndexStore.Checkpoint from, boolean setAside) {
    boolean fromScratch() {
      return from == null;
    }
  }

  private IndexRebuild() {}

  /**
   * How many blocks the index in {@code dir} says the ledger had committed when it last took some
   * in (its checkpoint's block, plus one), or 0 when it has none or cannot be read.
   */
  static long indexedBlocks(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try {
      IndexStore.Checkpoint c = IndexStore.checkpointOf(dir);
      return c == null ? 0 : c.block() + 1;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Opens the store in {@code dir} to resume from its checkpoint, unless {@code why} says it is to be
   * rebuilt (null: try to resume); {@code ledgerHeight} is -1 when the ledger cannot be asked.
   */
  static Opened open(Path dir, String why, LongSupplier ledgerHeight) {
    removeMvStore(dir.resolveSibling(MVSTORE_FILE), dir);
    IndexStore.Checkpoint from = null;
    IndexStore opened = null;
    if (why == null) {
      try {
        if (Files.isDirectory(dir)) {
          opened = IndexStore.open(dir);
          from = opened.checkpoint();
          long h = ledgerHeight.getAsLong();
          if (from == null) {
            // Created, but stopped before its first checkpoint: nothing in it counts.
            opened.abandon();
            opened = null;
            why = NONE_YET;
          } else if (h >= 0 && from.block() >= h) {
            opened.abandon();
            opened = null;
            why = "it holds block " + from.block() + " but the ledger has " + h + " blocks";
          }
        } else {
          why = NONE_YET;
        }
      } catch (RuntimeException e) {
        if (opened != null) {
          opened.abandon();
        }
        opened = null;
        why = "it cannot be read (" + e.getMessage() + ")";
      }
    }
    if (opened != null) {
      LOG.info("query index: resuming after block " + from.block() + " (event " + from.events() + " of it)");
      return new Opened(opened, from, false);
    }
    boolean quiet = NONE_YET.equals(why);
    if (quiet) {
      LOG.info("query index: building " + dir + " from block 0 of the ledger");
    } else {
      LOG.warning("query index: setting aside " + dir + " because " + why + "; rebuilding it from block 0 of the ledger");
    }
    try {
      IndexStore.delete(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
    return new Opened(IndexStore.open(dir), null, !quiet);
  }

  /** Removes the MVStore file of an earlier version: its index is built anew in {@code store}. */
  private static void removeMvStore(Path file, Path store) {
    if (!Files.exists(file)) {
      return;
    }
    LOG.warning("query index: removing " + file + ", the H2 MVStore index of an earlier version; the index is "
        + (Files.isDirectory(store) ? "kept" : "rebuilt from block 0 of the ledger") + " in RocksDB in " + store);
    try {
      Files.delete(file);
      Files.deleteIfExists(file.resolveSibling(MVSTORE_FILE + ".tempFile"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }
}
