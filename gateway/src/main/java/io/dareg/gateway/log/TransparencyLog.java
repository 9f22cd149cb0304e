package io.dareg.gateway.log;

import io.dareg.core.log.Checkpoint;
import io.dareg.core.log.LogReceipt;
import io.dareg.core.log.MerkleLog;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Tile;
import io.dareg.gateway.ledger.LedgerAdministration;
import io.dareg.gateway.ledger.LedgerAdministration.CommittedBlock;
import io.dareg.gateway.ledger.LogSource;
import io.dareg.gateway.ledger.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ledger's transparency log (issue 24): an append-only RFC 9162 Merkle tree with one leaf per committed
 * transaction, the leaf being the transaction's canonical bytes exactly as the block file holds them (and as the
 * block's txRoot covers them), in commit order; on a Fabric channel, one leaf per VALID endorser transaction, its entry
 * derived from the block ({@link io.dareg.core.ledger.FabricLogEntries}) and kept by the log itself (the {@link
 * LogSource} says which). It follows the ledger's committed blocks and signs C2SP
 * {@code tlog-checkpoint}s with its own Ed25519 key (a signed note), which witnesses can cosign.
 *
 * <p>Durability: the tree is derived from the block file, so it is not forced on every block; at most once a second
 * (and at close) it is forced and its newest checkpoint written to {@code checkpoint.json}. At start the tree is
 * checked against that checkpoint (its root at the checkpoint's size, O(log² n) reads) and re-derived from the
 * blocks where it is short or damaged. If the blocks no longer give the root the log signed, the ledger's history was
 * rewritten under the log: the log says so, keeps the old checkpoint as evidence and serves nothing.
 */
public final class TransparencyLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TransparencyLog.class.getName());
  private static final long FORCE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Blocks waiting to be appended before the ledger's thread waits for the log. */
  private static final int QUEUE = 4096;
  static final String KEY_FILE = "log-key";
  static final String PUBLIC_KEY_FILE = "log-key.pub";
  static final String CHECKPOINT_FILE = "checkpoint.json";

  private final Path dir;
  private final SignedNote.Signer key;
  private final Clock clock;
  private final LogStore store;
  /** Which leaf holds which transaction ({@code tree/txids}), for receipts. */
  private final TxIndex txIds;
  /** Reads entries where they are kept: the ledger's block file, or the store. */
  private final EntryReader entries;
  /** True when the store keeps the entries itself (the ledger has no block file to point into). */
  private final boolean ownEntries;
  private final Subscription subscription;
  /** The last checkpoint recorded before this run, or null. */
  private final LogFiles.Saved saved;
  private volatile String failure;
  private long lastForce = System.nanoTime();
  /** Blocks handed over by the ledger's thread, appended by {@link #appender}: hashing stays off the block path. */
  private final BlockingQueue<CommittedBlock> queue = new LinkedBlockingQueue<>(QUEUE);
  private final Thread appender;
  private volatile boolean closing;
  /** How many of the checkpoints it signed last the log remembers, so a cosignature of a slightly older one still lands. */
  static final int RECENT_CHECKPOINTS = 1024;
  /** The text of each checkpoint signed recently, by size (the newest {@link #RECENT_CHECKPOINTS}). */
  private final Map<Long, String> recent = Collections.synchronizedMap(new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
      return size() > RECENT_CHECKPOINTS;
    }
  });
  /** The header hash of the last block appended (or seen again). */
  private String lastHead = "";
  /** How many blocks of the ledger the appender has seen (appended or seen again). */
  private volatile long seen;

  private TransparencyLog(Path dir, SignedNote.Signer key, Clock clock, LogStore store, TxIndex txIds, LogFiles.Saved saved,
      String failure, LogSource ledger) throws IOException {
    this.ownEntries = ledger.entryFile() == null;
    this.entries = new EntryReader(store, ownEntries ? null : FileChannel.open(ledger.entryFile(), StandardOpenOption.READ), dir);
    this.dir = dir;
    this.key = key;
    this.clock = clock;
    this.store = store;
    this.txIds = txIds;
    this.saved = saved;
    this.failure = failure;
    if (failure == null) {
      completeTxIds();
    }
    if (saved != null && failure == null) {
      recent.put(saved.size(), new Checkpoint(key.name(), saved.size(), saved.root(), List.of()).body());
    }
    // From the last checkpoint's block (to see that it is still the same block), or from wherever the tree ends.
    long from = saved == null || saved.blocks() == 0 ? store.blocks() : Math.min(store.blocks(), saved.blocks() - 1);
    this.appender = new Thread(this::run, "dareg-log");
    appender.setDaemon(true);
    appender.start();
    this.subscription = failure != null ? () -> { } : ledger.logBlocks(from, this::enqueue);
  }

  /**
   * Opens the log kept in {@code dir} over the blocks of {@code ledger}, creating its key on first use; {@code origin}
   * names the log (and its key) in every checkpoint, e.g. {@code dareg.example/registry-1}. A ledger that no longer
   * holds what the log recorded opens a log that serves nothing and says why ({@link #failure()}).
   */
  public static TransparencyLog open(Path dir, LedgerAdministration ledger, String origin, Clock clock) throws IOException {
    return open(dir, LogSource.of(ledger), origin, clock);
  }

  /**
   * Opens the log kept in {@code dir} over the blocks of {@code source}, as {@link #open(Path, LedgerAdministration,
   * String, Clock)} does; a source without an entry file (a Fabric channel) has its entries kept in the log's own
   * {@code tree/entry-data}, and a log directory lost is derived again from block 0.
   */
  public static TransparencyLog open(Path dir, LogSource source, String origin, Clock clock) throws IOException {
    Files.createDirectories(dir);
    SignedNote.Signer key = LogFiles.loadOrCreateKey(dir, origin);
    LogStore store = LogStore.open(dir.resolve("tree"), source.entryFile() == null);
    TxIndex txIds = null;
    try {
      LogFiles.Saved saved = LogFiles.readCheckpoint(dir, key);
      long height = source.height();
      String failure = null;
      if (saved != null && saved.blocks() > height) {
        failure = "the log's last checkpoint covers " + saved.blocks() + " blocks but the ledger holds " + height
            + ": committed history is missing (the checkpoint is kept in " + dir.resolve(CHECKPOINT_FILE) + ")";
      } else if (saved != null && LogFiles.agrees(store, saved)) {
        // what came after the checkpoint is derived again (at most about a second of blocks)
        store.truncate(saved.size(), saved.blocks());
      } else if (store.blocks() > 0) {
        LOG.warning("the transparency log's tree in " + dir + (saved == null ? " has no checkpoint" : " does not give the root of"
            + " its last checkpoint (size " + saved.size() + ")") + "; it is derived again from the ledger's blocks");
        store.truncate(0, 0);
      }
      txIds = TxIndex.open(dir.resolve("tree"), store.size());
      TransparencyLog log = new TransparencyLog(dir, key, clock, store, txIds, saved, failure, source);
      if (failure != null) {
        LOG.severe("transparency log: " + failure);
      } else if (saved != null) {
        log.checkAgainst(saved);
      }
      return log;
    } catch (IOException | RuntimeException e) {
      store.close();
      if (txIds != null) {
        txIds.close();
      }
      throw e;
    }
  }

  /**
   * The transaction ids of the leaves the tree holds beyond those {@code tree/txids} holds (a log from before it, or a
   * crash between the two), read back from the entries: a log of 1,000,000 entries reads its block file once.
   */
  private void completeTxIds() throws IOException {
    long from = txIds.size();
    long to = store.size();
    if (from < to) {
      LOG.info("transparency log: indexing the transaction ids of entries " + from + " to " + (to - 1));
    }
    for (long i = from; i < to; i += Tile.WIDTH) {
      int count = (int) Math.min(Tile.WIDTH, to - i);
      txIds.append(entries.read(i, count).stream().map(e -> LogReceipt.topLevelText(e, "txId")).toList());
    }
  }

  /**
   * The leaf that holds the committed transaction {@code txId}, or -1 when the log holds none (not committed, or not
   * appended yet: the log follows the ledger a moment behind). A fingerprint match is confirmed by reading the entry.
   */
  public long indexOf(String txId) {
    requireServing();
    return txIds.find(txId, leaf -> leaf < store.size() && txId.equals(LogReceipt.topLevelText(entry(leaf), "txId")));
  }

  /** The key that verifies this log's checkpoints, in signed-note verifier form ({@code name+id+key}). */
  public SignedNote.Verifier verifier() {
    return key.verifier();
  }

  /** The log's name, first line of every checkpoint. */
  public String origin() {
    return key.name();
  }

  /** How many leaves the log holds. */
  public long size() {
    return store.size();
  }

  /** How many of the ledger's blocks the log holds (from block 0), with or without entries. */
  public long blocks() {
    return store.blocks();
  }

  /** Why the log serves nothing, or null while it serves. */
  public String failure() {
    return failure;
  }

  /** The newest checkpoint, signed by the log's key now. */
  public String checkpoint() {
    requireServing();
    long size = store.size();
    return sign(size);
  }

  /**
   * The text of the checkpoint of {@code size} entries as this log signed it, when it is one of the last
   * {@link #RECENT_CHECKPOINTS} it signed (or the one recorded at its last start); null otherwise.
   */
  public String signedCheckpoint(long size) {
    return recent.get(size);
  }

  /** {@code text} (a checkpoint's text) with this log's signature: the signature is deterministic, so it is the one served. */
  public String signed(String text) {
    return SignedNote.sign(text, List.of(key), clock.instant());
  }

  /** The ledger block that entry {@code index} was committed in. */
  public long blockOf(long index) {
    requireServing();
    requireLeaf(index, store.size());
    return store.blockOf(index);
  }

  /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public List<byte[]> inclusionProof(long index, long size) {
    requireServing();
    requireSize(size);
    requireLeaf(index, size);
    return MerkleLog.inclusionProof(store, index, size);
  }

  /** The consistency proof from the tree of {@code first} leaves to the tree of {@code second}. */
  public List<byte[]> consistencyProof(long first, long second) {
    requireServing();
    requireSize(second);
    if (first < 1 || first > second) {
      throw new IllegalArgumentException("a consistency proof runs from a size of at least 1 to a size at least as large;"
          + " asked from " + first + " to " + second);
    }
    return MerkleLog.consistencyProof(store, first, second);
  }

  /** The leaf hash of leaf {@code index}. */
  public byte[] leafHash(long index) {
    requireServing();
    requireLeaf(index, store.size());
    return store.get(index);
  }

  /** The root of the tree of {@code size} leaves. */
  public byte[] root(long size) {
    requireServing();
    requireSize(size);
    return MerkleLog.root(store, size);
  }

  /**
   * The hashes of a tile ({@code tile.entries()} false): the nodes at tree level {@code 8 * level}, from index
   * {@code 256 * index}, {@code width} of them, concatenated. A partial tile is served while the tree holds at least its
   * width of nodes there (its hashes never change: they are those of complete subtrees).
   *
   * @throws NoSuchElementException when the tree does not hold the tile yet
   */
  public byte[] tile(Tile tile) {
    requireServing();
    requireTile(tile);
    return store.nodes(Tile.HEIGHT * tile.level(), tile.index() * Tile.WIDTH, tile.width());
  }

  /**
   * The entries of an entry bundle ({@code tile.entries()} true), each as the block file holds it and checked against
   * its leaf hash.
   *
   * @throws NoSuchElementException when the tree does not hold them yet
   */
  public List<byte[]> entries(Tile tile) {
    requireServing();
    if (!tile.entries()) {
      throw new IllegalArgumentException(tile.path() + " is a tile of hashes, not an entry bundle");
    }
    requireTile(tile);
    return entries.read(tile.index() * Tile.WIDTH, tile.width());
  }

  /** Entry {@code index}, as the block file holds it, checked against its leaf hash. */
  public byte[] entry(long index) {
    requireServing();
    if (index < 0 || index >= store.size()) {
      throw new NoSuchElementException("the log holds " + store.size() + " entries, numbered from 0: it has no entry " + index);
    }
    return entries.read(index, 1).get(0);
  }

  private void requireTile(Tile tile) {
    long size = store.size();
    long nodes = Tile.nodesAt(tile.level(), size);
    if (tile.index() * Tile.WIDTH + tile.width() > nodes || tile.index() > Long.MAX_VALUE / Tile.WIDTH) {
      long have = Math.max(0, Math.min(Tile.WIDTH, nodes - tile.index() * Tile.WIDTH));
      throw new NoSuchElementException("the log holds " + size + " entries, so " + tile.path() + " is beyond it: "
          + (have == 0 ? "it has no tile " + tile.index() + " at level " + tile.level() + " yet"
              : "that tile holds " + have + " hashes yet" + (have < Tile.WIDTH ? " (ask for .p/" + have + ")" : ""))
          + "; read the checkpoint first and ask only for the tiles its size has");
    }
  }

  @Override
  public void close() throws IOException {
    subscription.close();
    closing = true;
    try {
      appender.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (failure == null) {
        persist();
      }
      store.close();
      txIds.close();
      entries.close();
    }
  }

  // --- following the ledger -------------------------------------------------------------------

  private void enqueue(CommittedBlock block) {
    try {
      queue.put(block);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The appender: takes blocks in order until closed and drained; forces the tree about once a second. */
  private void run() {
    while (!(closing && queue.isEmpty())) {
      CommittedBlock block;
      try {
        block = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (block != null) {
          append(block);
        }
        if (failure == null && System.nanoTime() - lastForce >= FORCE_NANOS && store.size() > 0) {
          try {
            persist();
          } catch (RuntimeException e) {
            fail(e.getMessage());
          }
        }
      }
    }
  }

  /**
   * Appends one block (caller holds the lock). The block counts as seen only after it has been checked, so that
   * {@link #checkAgainst} never reads "seen" before the failure the block caused.
   */
  private void append(CommittedBlock block) {
    lastHead = block.headerHash();
    try {
      checkAndAppend(block);
    } finally {
      seen = block.number() + 1;
    }
  }

  private void checkAndAppend(CommittedBlock block) {
    if (failure != null) {
      return;
    }
    if (saved != null && block.number() == saved.blocks() - 1 && !block.headerHash().equals(saved.headHash())) {
      fail("block " + block.number() + " of the ledger is not the block this log recorded (its header hash is "
          + block.headerHash() + ", the log's checkpoint of size " + saved.size() + " recorded " + saved.headHash()
          + "): the ledger's history was rewritten after the log recorded it; the checkpoint is kept in "
          + dir.resolve(CHECKPOINT_FILE));
      return;
    }
    if (block.number() < store.blocks()) {
      return; // served again after a restart of the feed
    }
    if (block.number() > store.blocks()) {
      fail("the ledger served block " + block.number() + " while the log expected block " + store.blocks());
      return;
    }
    try {
      // the ids first: once size() counts a leaf, indexOf finds it (an id ahead of its leaf is not confirmed, and a
      // longer tree/txids is cut back to the leaves at start)
      appendTxIds(block);
      if (ownEntries) {
        store.appendEntries(block.transactions());
        return;
      }
      List<LogStore.Leaf> leaves = new ArrayList<>(block.transactions().size());
      long at = block.bodyOffset() + 1; // after the body's '['
      for (byte[] tx : block.transactions()) {
        leaves.add(new LogStore.Leaf(MerkleLog.leafHash(tx), at, tx.length));
        at += tx.length + 1; // and its ','
      }
      store.appendBlock(leaves);
    } catch (IOException | RuntimeException e) {
      fail("cannot append block " + block.number() + " to the transparency log: " + e.getMessage());
    }
  }

  private void appendTxIds(CommittedBlock block) throws IOException {
    if (!block.transactions().isEmpty()) {
      txIds.append(block.transactions().stream().map(tx -> LogReceipt.topLevelText(tx, "txId")).toList());
    }
  }

  /** Forces the tree and records its checkpoint (caller holds the lock). */
  private void persist() {
    try {
      store.force();
      txIds.force();
      long size = store.size();
      LogFiles.writeCheckpoint(dir, size, store.blocks(), lastHead, sign(size));
      lastForce = System.nanoTime();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the transparency log's checkpoint in " + dir, e);
    }
  }

  /** Waits (up to a minute) until the log has caught up with the ledger's saved checkpoint, then compares roots. */
  private void checkAgainst(LogFiles.Saved saved) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    // until the checkpoint's last block has been seen again (its header hash compared) and its leaves are back
    while ((seen < saved.blocks() || store.size() < saved.size()) && failure == null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    synchronized (this) { // the appender may be appending the blocks after the checkpoint's
      if (failure == null && store.size() >= saved.size() && !LogFiles.agrees(store, saved)) {
        fail("the ledger's blocks no longer give the root this log signed at size " + saved.size() + " (checkpoint kept in "
            + dir.resolve(CHECKPOINT_FILE) + "): the ledger's history was rewritten after the log recorded it");
      }
    }
  }

  private void fail(String why) {
    failure = why;
    LOG.log(Level.SEVERE, "transparency log: " + why);
  }

  private String sign(long size) {
    Checkpoint c = new Checkpoint(key.name(), size, MerkleLog.root(store, size), List.of());
    String body = c.body();
    recent.put(size, body);
    return SignedNote.sign(body, List.of(key), clock.instant());
  }

  private void requireServing() {
    String why = failure;
    if (why != null) {
      throw new IllegalStateException("the transparency log serves nothing: " + why);
    }
  }

  private void requireSize(long size) {
    if (size < 1 || size > store.size()) {
      throw new IllegalArgumentException("the log holds " + store.size() + " entries; a tree size must be from 1 to that, not "
          + size);
    }
  }

  private static void requireLeaf(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("entry " + index + " is not in a tree of " + size + " entries (they are numbered from 0)");
    }
  }
}
