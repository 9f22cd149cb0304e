package io.dareg.gateway.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Opening the query index's file for the {@link IndexFollower}: resumes from its checkpoint when the
 * file is there, readable and behind the ledger; otherwise sets it aside (with a warning, unless
 * there was none yet) and starts an empty one to be built from block 0.
 */
final class IndexRebuild {
  private static final Logger LOG = Logger.getLogger(IndexRebuild.class.getName());
  private static final String NONE_YET = "there is none yet";

  /**
   * The file to follow the ledger into.
   *
   * @param store the file, open
   * @param from its checkpoint, null when it is built from block 0
   * @param setAside true when a file that was there was set aside (a rebuild an operator hears of)
   */
  record Opened(IndexStore store, IndexStore.Checkpoint from, boolean setAside) {
    boolean fromScratch() {
      return from == null;
    }
  }

  private IndexRebuild() {}

  /**
   * How many blocks the index in {@code file} says the ledger had committed when it last took some
   * in (its checkpoint's block, plus one), or 0 when it has none or cannot be read.
   */
  static long indexedBlocks(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (IndexStore s = IndexStore.open(file)) {
      IndexStore.Checkpoint c = s.checkpoint();
      return c == null ? 0 : c.block() + 1;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Opens {@code file} to resume from its checkpoint, unless {@code why} says it is to be rebuilt
   * (null: try to resume); {@code ledgerHeight} is -1 when the ledger cannot be asked.
   */
  static Opened open(Path file, String why, LongSupplier ledgerHeight) {
    IndexStore.Checkpoint from = null;
    IndexStore opened = null;
    if (why == null) {
      try {
        if (Files.exists(file)) {
          opened = IndexStore.open(file);
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
      LOG.info("query index: building " + file + " from block 0 of the ledger");
    } else {
      LOG.warning("query index: setting aside " + file + " because " + why + "; rebuilding it from block 0 of the ledger");
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove " + file + ": " + e.getMessage(), e);
    }
    return new Opened(IndexStore.open(file), null, !quiet);
  }
}
