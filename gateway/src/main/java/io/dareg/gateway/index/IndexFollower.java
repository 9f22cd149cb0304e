package io.dareg.gateway.index;

import io.dareg.gateway.ledger.EventListener;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the ledger into the query index: one thread takes the ledger's events into the {@link
 * IndexStore}'s batch and writes the batch with its checkpoint in one write: as soon as the events
 * received are all taken in (so a query sees a block a moment after it commits), and while catching
 * up at least once a second or every {@code batch} events, cut where a block ends. It (re)opens the
 * store through {@link IndexRebuild} at start and whenever the store is found damaged. What it has
 * written is read by {@link IndexPages} and {@link QueryIndex#status}.
 */
final class IndexFollower {
  private static final Logger LOG = Logger.getLogger(IndexFollower.class.getName());
  private static final int QUEUE = 8192;
  /** Events in a batch, by default: one write of some megabytes. */
  static final int BATCH = 10_000;
  /** A batch waits for its block's end for at most this many times its size of events. */
  private static final int BATCH_CAP = 4;
  private static final long COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** While catching up, a batch is written when the events received run out at most this often. */
  private static final long CATCH_UP_COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long HEIGHT_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path dir;
  private final Ledger ledger;
  private final int batch;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong generation = new AtomicLong();
  private final Thread indexer;
  private volatile IndexStore store;
  private volatile boolean closed;
  private volatile String damage;
  private volatile boolean catchingUp = true;
  // The ledger's height as last asked (-1: it could not be asked), at most about a second old
  // while the indexer runs; read where asking is not allowed to block.
  private volatile long knownHeight = -1;
  private volatile long heightAskedAt = System.nanoTime();
  private volatile boolean fromScratch;
  private volatile String failure;
  private volatile long rebuilds;
  private Subscription subscription;
  // The last block whose every event is written to the store (with its checkpoint): written by the indexer thread, read
  // by queries.
  private volatile long lastBlock = -1;
  // The last block whose end the indexer has taken in (its events are in the batch or written).
  private long endedBlock = -1;
  // What the indexer has taken into the batch; the checkpoint it writes with it.
  private long takenBlock = -1;
  private int eventsInBlock;
  private String lastTxId = "";
  private int uncommitted;
  private long lastCommit = System.nanoTime();
  private IndexStore.Checkpoint resume;
  private int seenInResumeBlock;

  /** The ledger's event (null for the end of block {@code ended}), and the subscription that delivered it. */
  private record Item(long generation, LedgerEvent event, long ended) {}

  IndexFollower(Path dir, Ledger ledger, int batch) {
    this.dir = dir;
    this.ledger = ledger;
    this.batch = batch;
    this.indexer = new Thread(this::run, "dareg-index");
    indexer.setDaemon(true);
  }

  void start() {
    indexer.start();
  }

  /** Stops following the ledger and closes the store, writing what was taken in. */
  void close() {
    closed = true;
    generation.incrementAndGet();
    // No interrupt: the indexer polls, and ends between two writes.
    try {
      indexer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- what queries and the status read -------------------------------------------------------

  /** The store as it stands, null while it is being (re)opened. */
  IndexStore store() {
    return store;
  }

  boolean closed() {
    return closed;
  }

  boolean catchingUp() {
    return catchingUp;
  }

  boolean fromScratch() {
    return fromScratch;
  }

  /** Why the index cannot be kept, or null. */
  String failure() {
    return failure;
  }

  long rebuilds() {
    return rebuilds;
  }

  /** The last block written to the store, -1 when none. */
  long lastBlock() {
    return lastBlock;
  }

  /** Events received and not yet taken in. */
  int pending() {
    return queue.size();
  }

  /** The ledger's height as last asked, without asking (-1 when it could not be asked). */
  long knownHeight() {
    return knownHeight;
  }

  /** How many trades and deliveries the store holds; zeros while it is being (re)opened. */
  long[] sizes() {
    IndexStore s = store;
    if (s != null) {
      try {
        return s.sizes();
      } catch (RuntimeException e) {
        // being replaced: sizes are unknown for a moment
      }
    }
    return new long[] {0, 0};
  }

  /** Where the index stands against a ledger of height {@code h} (-1: unknown), as an operator reads it. */
  String summary(long h) {
    long[] sizes = sizes();
    return (fromScratch && catchingUp ? "building from block 0: " : "") + "through block " + lastBlock
        + (h < 0 ? "" : " of " + h) + ", " + sizes[0] + " trades, " + sizes[1] + " deliveries";
  }

  /** A query found {@code s} damaged: unless it was replaced meanwhile, the indexer rebuilds it. */
  void damaged(IndexStore s, String why) {
    if (s == store && !closed) {
      damage = why;
    }
  }

  /** Whether the index has not taken in every block of a ledger of height {@code h}. */
  boolean behind(long h) {
    return catchingUp || !queue.isEmpty() || (h > 0 && lastBlock < h - 1);
  }

  /** Asks the ledger its height (-1 when it cannot be asked), remembering the answer. */
  long ledgerHeight() {
    long h;
    try {
      h = ledger.height();
    } catch (RuntimeException e) {
      h = -1;
    }
    knownHeight = h;
    heightAskedAt = System.nanoTime();
    return h;
  }

  /** Waits until the index has taken in block {@code target}; false when closed or not in time. */
  boolean awaitBlock(long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed && (catchingUp || lastBlock < target || !queue.isEmpty() || store == null)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return !closed;
  }

  // --- the indexer ------------------------------------------------------------------------------

  private void run() {
    try {
      start(null);
      while (!closed) {
        if (damage != null) {
          String why = damage;
          damage = null;
          start(why);
          continue;
        }
        Item item;
        try {
          item = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          break;
        }
        try {
          if (item != null && item.generation() == generation.get()) {
            if (item.event() == null) {
              end(item.ended());
              if (uncommitted >= batch || System.nanoTime() - lastCommit > COMMIT_NANOS) {
                commit(); // a full batch, cut where a block ends
              }
            } else {
              take(item.event());
            }
            if (uncommitted >= BATCH_CAP * batch
                || queue.isEmpty() && (!catchingUp || System.nanoTime() - lastCommit > CATCH_UP_COMMIT_NANOS)) {
              commit();
            }
          } else if (queue.isEmpty() && (uncommitted > 0 || endedBlock > lastBlock)) {
            commit(); // nothing more arrived meanwhile
          }
          long h = System.nanoTime() - heightAskedAt > HEIGHT_REFRESH_NANOS || (catchingUp && queue.isEmpty())
              ? ledgerHeight() : knownHeight;
          if (catchingUp && queue.isEmpty() && (h < 0 || endedBlock >= h - 1)) {
            commit();
            catchingUp = false;
            if (fromScratch) {
              LOG.info("query index built: " + summary(h));
            }
          }
        } catch (IndexDamagedException e) {
          damage = e.getMessage();
        }
      }
    } catch (RuntimeException e) {
      // A store that cannot be created or written (or a fault): queries are refused and health says why.
      failure = "the index in " + dir + " stopped: " + e;
      LOG.log(Level.SEVERE, "query index: " + failure, e);
    } finally {
      stopFollowing();
      IndexStore s = store;
      if (s != null) {
        try {
          if (uncommitted > 0 && failure == null) {
            s.commit(new IndexStore.Checkpoint(takenBlock, eventsInBlock, lastTxId));
          }
          s.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "query index: closing the store failed; it is rebuilt or resumed at the next start", e);
          s.abandon();
        }
      }
    }
  }

  /** Writes the batch with its checkpoint; then queries see it, through the last block whose end was taken in. */
  private void commit() {
    if (uncommitted > 0) {
      store.commit(new IndexStore.Checkpoint(takenBlock, eventsInBlock, lastTxId));
    }
    lastBlock = Math.max(lastBlock, endedBlock);
    uncommitted = 0;
    lastCommit = System.nanoTime();
  }

  /**
   * Opens the store (rebuilding it when {@code rebuildBecause} says why, or when it is missing or
   * unusable) and subscribes from its checkpoint.
   */
  private void start(String rebuildBecause) {
    stopFollowing();
    IndexStore old = store;
    store = null;
    if (old != null) {
      old.abandon();
    }
    IndexRebuild.Opened opened = IndexRebuild.open(dir, rebuildBecause, this::ledgerHeight);
    if (opened.setAside()) {
      rebuilds++;
    }
    IndexStore.Checkpoint from = opened.from();
    fromScratch = opened.fromScratch();
    resume = from;
    seenInResumeBlock = 0;
    uncommitted = 0;
    // the checkpoint's block may have had more events after it: it counts as ended when its end is delivered again
    lastBlock = from == null ? -1 : from.block() - 1;
    endedBlock = lastBlock;
    takenBlock = from == null ? -1 : from.block();
    eventsInBlock = from == null ? 0 : from.events();
    lastTxId = from == null ? "" : from.txId();
    catchingUp = true;
    store = opened.store();
    follow(from == null ? 0 : from.block());
  }

  /** Subscribes on its own thread: the embedded ledger replays committed events on the caller's thread. */
  private void follow(long fromBlock) {
    long gen = generation.incrementAndGet();
    queue.clear();
    Thread feed = new Thread(() -> {
      Subscription s = ledger.events(fromBlock, new EventListener() {
        @Override
        public void event(LedgerEvent e) {
          offer(new Item(gen, e, -1));
        }

        @Override
        public void blockEnd(long number) {
          offer(new Item(gen, null, number));
        }
      });
      synchronized (this) {
        if (gen == generation.get() && !closed) {
          subscription = s;
          return;
        }
      }
      s.close();
    }, "dareg-index-feed");
    feed.setDaemon(true);
    feed.start();
  }

  private synchronized void stopFollowing() {
    generation.incrementAndGet();
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }

  /** Called on the ledger's thread: waits while the queue is full, drops items of a closed subscription. */
  private void offer(Item item) {
    try {
      while (!closed && item.generation() == generation.get()) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes in the end of block {@code number}: checks that the checkpoint's block had no fewer events than the index
   * holds of it, and moves the checkpoint past a block that had none of the registry's (on a shared Fabric channel most
   * may be such), so that the index counts as through it and a restart does not read it again.
   */
  private void end(long number) {
    if (resume != null) {
      if (number < resume.block()) {
        return;
      }
      if (seenInResumeBlock < resume.events()) {
        throw new IndexDamagedException("block " + resume.block() + " has " + seenInResumeBlock + " events on the ledger but "
            + resume.events() + " in the index: the index was built from another ledger");
      }
      resume = null;
    }
    if (number > takenBlock) {
      takenBlock = number;
      eventsInBlock = 0;
      lastTxId = "";
      uncommitted++;
    }
    endedBlock = Math.max(endedBlock, number);
  }

  /** Takes in one event, skipping those of the checkpoint's block the index already holds. */
  private void take(LedgerEvent e) {
    if (resume != null) {
      if (e.blockNumber() < resume.block()) {
        return;
      }
      if (e.blockNumber() == resume.block() && seenInResumeBlock < resume.events()) {
        seenInResumeBlock++;
        if (seenInResumeBlock == resume.events() && !e.txId().equals(resume.txId())) {
          throw new IndexDamagedException("event " + seenInResumeBlock + " of block " + e.blockNumber() + " is transaction "
              + e.txId() + " on the ledger but " + resume.txId() + " in the index: the index was built from another ledger");
        }
        return;
      }
      if (seenInResumeBlock < resume.events()) {
        throw new IndexDamagedException("block " + resume.block() + " has " + seenInResumeBlock + " events on the ledger but "
            + resume.events() + " in the index: the index was built from another ledger");
      }
      resume = null;
    }
    try {
      store.apply(e);
    } catch (java.io.UncheckedIOException | IllegalArgumentException ex) {
      // Not a record the rules write: counted as taken in, so the checkpoint moves past it.
      LOG.warning("query index: event " + e.name() + " of transaction " + e.txId() + " in block " + e.blockNumber()
          + " does not hold the record it should; skipped: " + ex.getMessage());
    }
    if (e.blockNumber() == takenBlock) {
      eventsInBlock++;
    } else {
      takenBlock = e.blockNumber();
      eventsInBlock = 1;
    }
    lastTxId = e.txId();
    uncommitted++;
  }
}
