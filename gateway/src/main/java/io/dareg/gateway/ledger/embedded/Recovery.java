package io.dareg.gateway.ledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.ledger.BlockFrames;
import io.dareg.core.ledger.ChainAudit;
import io.dareg.core.ledger.CommittedMark;
import io.dareg.gateway.ledger.LedgerHealth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Opening the embedded ledger: takes the state store as it stands (rebuilding it from the block
 * file when it does not match the chain), holds the block file to everything that says how many
 * blocks were committed (the committed mark, the store's checkpoint, the gateway's claims), then
 * verifies and replays the blocks after the store's checkpoint. A torn last block is cut and
 * reported; a loss or any other damage leaves the ledger FAILED, changing nothing on disk.
 */
final class Recovery {
  private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
  /** Blocks replayed into the state store per write. */
  private static final int REPLAY_BATCH = 16;
  /** How often a long replay says how far it is, in the log. */
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BlockFile file;
  private final StateStore store;
  private final CommittedMarkFile marks;
  private final List<EmbeddedLedger.Claim> claims;
  private final ChainAudit audit;
  private final ChainState chain;
  /** How long opening the state store took, for the summary. */
  private final long storeOpenNanos;
  private long restoreNanos;
  private long restoredTransactions;
  /** When the replay began, and when it last said how far it was. */
  private long replayStart;
  private long lastProgress;

  Recovery(BlockFile file, StateStore store, CommittedMarkFile marks, List<EmbeddedLedger.Claim> claims, ChainAudit audit,
      ChainState chain, long storeOpenNanos) {
    this.file = file;
    this.store = store;
    this.marks = marks;
    this.claims = claims;
    this.audit = audit;
    this.chain = chain;
    this.storeOpenNanos = storeOpenNanos;
  }

  /**
   * Brings the state store and {@link #chain} up to the end of the verified chain and sets the
   * ledger's health. Returns the store's checkpoint whose blocks are left to the {@link
   * BackgroundAudit}, or null when none are.
   */
  StateStore.Checkpoint run() throws IOException {
    long started = System.nanoTime();
    if (marks.unreadable() != null) {
      failed(marks.unreadable());
      return null;
    }
    StateStore.Checkpoint checkpoint = store.checkpoint();
    boolean storeMatches = checkpoint.blocks() == 0 || matchesChain(checkpoint);
    String loss = loss(storeMatches ? checkpoint : null, checkpoint.blocks());
    if (loss != null) {
      // Nothing is changed: the store, the mark and the file stay as they are, for the operator.
      failed(loss);
      return null;
    }
    if (!storeMatches) {
      LOG.warning("the state store (as of block " + (checkpoint.blocks() - 1) + ") does not match the block file:"
          + " it is rebuilt from the block file");
      store.clear();
      checkpoint = store.checkpoint();
    }
    chain.nextNumber = checkpoint.blocks();
    chain.lastHeaderHash = checkpoint.headHash();
    if (checkpoint.blocks() > 0) {
      chain.lastBlockTime = ChainAudit.timeOf(file.read(store.offsetOf(checkpoint.blocks() - 1)));
    }
    BlockFrames.Tail tail = file.scan(checkpoint.end(), this::verifyAndApply);
    store.flush();
    chain.startClockAtLastBlock();
    String cut = "";
    if (tail instanceof BlockFrames.Torn torn) {
      // A write cut short holds nothing acknowledged; say so where operators look, since damage to
      // the last block's length fields looks the same.
      cut = "; an unfinished block " + chain.nextNumber + " of " + torn.length() + " bytes at offset " + torn.offset()
          + (file.readOnlyBecause() == null ? " was cut off" : " is cut off once the file is writable")
          + " (a write cut short, or damage to the last block's length)";
      LOG.warning("block file" + cut);
      chain.verifiedEnd = torn.offset();
      if (file.readOnlyBecause() == null) {
        file.truncate(torn.offset());
      }
    } else if (tail instanceof BlockFrames.Corrupt bad) {
      chain.verifiedEnd = bad.offset();
      failed("block " + chain.nextNumber + " at offset " + bad.offset() + ": " + bad.what()
          + "; the ledger serves nothing until an operator restores a verified copy");
      return null;
    }
    if (tail instanceof BlockFrames.Clean) {
      chain.verifiedEnd = file.size();
    }
    long replayed = chain.nextNumber - checkpoint.blocks();
    String summary = chain.nextNumber + " blocks; state as of block " + checkpoint.blocks() + " from the state store, "
        + replayed + " blocks (" + restoredTransactions + " transactions) verified and replayed in "
        + (System.nanoTime() - started) / 1_000_000 + " ms (" + restoreNanos / 1_000_000 + " ms restoring state, "
        + storeOpenNanos / 1_000_000 + " ms opening the state store before)"
        + (checkpoint.blocks() > 0 ? "; the " + checkpoint.blocks() + " blocks before" + BackgroundAudit.IN_BACKGROUND : "");
    StateStore.Checkpoint toAudit = checkpoint.blocks() > 0 ? checkpoint : null;
    if (file.readOnlyBecause() != null) {
      LOG.warning("the block file cannot be written: " + file.readOnlyBecause());
      chain.health = new LedgerHealth(LedgerHealth.State.READ_ONLY, summary + "; the block file cannot be written ("
          + file.readOnlyBecause() + "): queries are answered, transactions refused until it is writable again"
          + " (the ledger then resumes by itself)" + cut);
      return toAudit;
    }
    chain.health = new LedgerHealth(LedgerHealth.State.READY, summary + cut);
    CommittedMark mark = marks.mark();
    if (mark == null || mark.blocks() != chain.nextNumber) {
      // Blocks that verified are committed, whatever the mark said (a ledger from before marks, a
      // mark that lagged behind a power cut): from now on the mark vouches for them.
      marks.write(chain.nextNumber, chain.verifiedEnd, chain.lastHeaderHash);
      marks.persist();
    }
    return toAudit;
  }

  private void failed(String what) {
    LOG.severe(what);
    chain.health = new LedgerHealth(LedgerHealth.State.FAILED, what);
  }

  /**
   * Whether the block file holds fewer whole blocks than anything the ledger or the gateway wrote
   * says were committed: the mark, the state store's checkpoint, the {@link #claims}. Counts the
   * frames after the store's checkpoint ({@code matching}, when it matches the chain), else from
   * block 0, checking only their checksums; damage in the middle is left to the full checks. Returns
   * what is missing, or null.
   */
  private String loss(StateStore.Checkpoint matching, long storeBlocks) throws IOException {
    List<EmbeddedLedger.Claim> all = new ArrayList<>();
    CommittedMark mark = marks.mark();
    if (mark != null) {
      all.add(new EmbeddedLedger.Claim("the ledger's high-water mark (" + CommittedMark.FILE + ")", mark.blocks()));
    }
    all.add(new EmbeddedLedger.Claim("the state store's checkpoint", storeBlocks));
    all.addAll(claims);
    EmbeddedLedger.Claim top = all.stream().max(Comparator.comparingLong(EmbeddedLedger.Claim::blocks)).orElseThrow();
    if (matching != null && top.blocks() <= matching.blocks()) {
      return null;
    }
    long[] held = {matching == null ? 0 : matching.blocks()};
    BlockFrames.Tail tail = file.scan(matching == null ? 0 : matching.end(), frame -> {
      held[0]++;
      return null;
    });
    if (held[0] >= top.blocks() || tail instanceof BlockFrames.Corrupt) {
      return null;
    }
    return CommittedMark.missing(held[0], top.blocks(), file.size(),
        tail instanceof BlockFrames.Torn torn ? torn.offset() : -1, top.source());
  }

  /** Whether the block the store's checkpoint ends with is in the block file where the store says. */
  private boolean matchesChain(StateStore.Checkpoint checkpoint) throws IOException {
    long offset = store.offsetOf(checkpoint.blocks() - 1);
    BlockFrames.Frame head = offset < 0 ? null : file.read(offset);
    return head != null && head.end() == checkpoint.end() && ChainAudit.headerHash(head.header()).equals(checkpoint.headHash());
  }

  private String verifyAndApply(BlockFrames.Frame frame) {
    JsonNode verified;
    try {
      verified = audit.verifiedTransactions(frame, chain.nextNumber, chain.lastHeaderHash, chain.lastBlockTime);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    // Replay from the tree the checks parsed: the body is read once.
    List<BlockRecords.Transaction> txs = new ArrayList<>(verified.size());
    try {
      for (JsonNode tx : verified) {
        txs.add(Json.mapper().treeToValue(tx, BlockRecords.Transaction.class));
      }
    } catch (IOException | RuntimeException e) {
      return "unreadable block: " + e.getMessage();
    }
    long t0 = System.nanoTime();
    String headHash = ChainAudit.headerHash(frame.header());
    store.add(chain.nextNumber, frame.offset(), frame.end(), headHash, frame.offset() + BlockFrames.PREFIX + frame.header().length,
        BlockRecords.lengths(frame.body()), txs, BlockRecords.values(txs));
    if (store.pending() >= REPLAY_BATCH) {
      store.flush();
    }
    long now = System.nanoTime();
    restoreNanos += now - t0;
    restoredTransactions += txs.size();
    if (replayStart == 0) {
      replayStart = lastProgress = now;
    } else if (now - lastProgress > PROGRESS_EVERY_NANOS) {
      lastProgress = now;
      progress(frame.end(), now);
    }
    chain.nextNumber++;
    chain.lastHeaderHash = headHash;
    chain.lastBlockTime = ChainAudit.timeOf(frame);
    return null;
  }

  /** Logs how far the replay has come: it can take minutes (a rebuilt store replays every block). */
  private void progress(long at, long now) {
    long size;
    try {
      size = file.size();
    } catch (IOException e) {
      size = -1;
    }
    LOG.info(String.format("replaying the block file into the state store: at block %,d, %,d transactions replayed, %s, for %d s;"
            + " the ledger is ready when it is done", chain.nextNumber, restoredTransactions,
        size > 0 ? String.format("%.0f%% of the file's %,d MB", 100.0 * at / size, size >> 20) : "byte " + at + " of the file",
        TimeUnit.NANOSECONDS.toSeconds(now - replayStart)));
  }
}
