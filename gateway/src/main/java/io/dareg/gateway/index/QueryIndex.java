package io.dareg.gateway.index;

import io.dareg.core.api.TradeQuery;
import io.dareg.core.model.InvalidInputException;
import io.dareg.gateway.OwnerOnlyFiles;
import io.dareg.gateway.ledger.Ledger;
import io.dareg.gateway.ledger.LedgerEvent;
import io.dareg.gateway.ledger.Subscription;
import io.dareg.gateway.ledger.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.h2.mvstore.MVStoreException;

/**
 * The gateway's query index of trades and deliveries, built from the ledger's events, so exchanges
 * and regulators can page through them by exchange, party, asset, status and time without scanning
 * the ledger. It follows {@link Ledger#events} only, so it works the same over the embedded ledger
 * and Fabric.
 *
 * <p>It lives in one file under its directory ({@code <data>/index/trades.mv.db}). Entries and the
 * checkpoint (the last block taken in, and how many of its events) are committed together at least
 * once a second, so after a restart it resumes from the checkpoint; a missing file is built from
 * block 0, and a file that cannot be read, fails its checks, or does not match the ledger is set
 * aside and rebuilt, with a warning in the log. While it catches up, queries answer from what it
 * holds and say it is {@code behind}.
 *
 * <pre>{@code
 * QueryIndex index = QueryIndex.open(dataDir.resolve("index"), ledger);
 * QueryIndex.Page page = index.trades(TradeQuery.all().withRegNo(regNo));
 * }</pre>
 */
public final class QueryIndex implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(QueryIndex.class.getName());
  /** The index file's name inside its directory. */
  public static final String FILE = "trades.mv.db";
  private static final int QUEUE = 8192;
  private static final int BATCH = 10_000;
  private static final long COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(1);
  private static final long HEIGHT_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Pattern SORT_KEY = Pattern.compile("[0-9a-f]{" + IndexStore.TIME_KEY_LENGTH + "}[A-Za-z0-9][A-Za-z0-9._:@=,/ -]{0,254}");

  private final Path file;
  private final Ledger ledger;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong generation = new AtomicLong();
  private final Thread indexer;
  private final int scanLimit;
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
  // Written by the indexer thread only; read by queries.
  private volatile long lastBlock = -1;
  private volatile int eventsInBlock;
  private volatile String lastTxId = "";
  private IndexStore.Checkpoint resume;
  private int seenInResumeBlock;

  /** The ledger's event, and the subscription that delivered it. */
  private record Item(long generation, LedgerEvent event) {}

  /**
   * One page of a query.
   *
   * @param items the records, the ledger's canonical JSON
   * @param bookmark where the next page starts; empty at the end
   * @param indexedThrough the last block the index holds, -1 when none
   * @param behind true while the index has not taken in every block of the ledger
   */
  public record Page(List<String> items, String bookmark, long indexedThrough, boolean behind) {}

  /**
   * Where the index stands.
   *
   * @param state READY, CATCHING_UP (taking in blocks the ledger has; {@code rebuilding} when from
   *     block 0) or FAILED (it cannot keep a file; queries are refused)
   * @param indexedThrough the last block taken in, -1 when none
   * @param ledgerHeight the ledger's number of blocks, -1 when the ledger cannot be asked
   * @param lagBlocks blocks the ledger has that the index has not taken in (0 when unknown)
   * @param pendingEvents events received and not yet taken in
   * @param trades trades held
   * @param deliveries deliveries held
   * @param rebuilds how often the index was rebuilt from block 0 since the gateway started
   * @param rebuilding true while it is being built from block 0
   * @param detail what is wrong, or a summary
   */
  public record Status(String state, long indexedThrough, long ledgerHeight, long lagBlocks, int pendingEvents,
      long trades, long deliveries, long rebuilds, boolean rebuilding, String detail) {}

  private QueryIndex(Path dir, Ledger ledger, int scanLimit) {
    this.scanLimit = scanLimit;
    this.file = dir.resolve(FILE);
    this.ledger = ledger;
    this.indexer = new Thread(this::run, "dareg-index");
    indexer.setDaemon(true);
  }

  /**
   * How many blocks the index in {@code dir} says the ledger had committed when it last took some
   * in (its checkpoint's block, plus one), or 0 when it has none or cannot be read: evidence the
   * embedded ledger holds its block file to on start (issue 21).
   */
  public static long indexedBlocks(Path dir) {
    Path file = dir.resolve(FILE);
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
   * Opens the index in {@code dir} (created owner-only) and starts following the ledger from its
   * checkpoint.
   */
  public static QueryIndex open(Path dir, Ledger ledger) throws IOException {
    return open(dir, ledger, IndexStore.SCAN_LIMIT);
  }

  /** As {@link #open(Path, Ledger, LongSupplier)}, with pages examining at most {@code scanLimit} entries. */
  static QueryIndex open(Path dir, Ledger ledger, int scanLimit) throws IOException {
    OwnerOnlyFiles.directory(dir);
    QueryIndex index = new QueryIndex(dir, ledger, scanLimit);
    index.indexer.start();
    return index;
  }

  /** Trades the query selects, one page. */
  public Page trades(TradeQuery q) {
    return page("trades", q, true);
  }

  /** Deliveries the query selects, one page. */
  public Page deliveries(TradeQuery q) {
    return page("deliveries", q, false);
  }

  /** Where the index stands. */
  public Status status() {
    // Health and metrics call this on the event loop, where asking a Fabric peer would block.
    long h = knownHeight;
    long lag = h < 0 ? 0 : Math.max(0, h - 1 - lastBlock);
    IndexStore s = store;
    long[] sizes = {0, 0};
    if (s != null) {
      try {
        sizes = s.sizes();
      } catch (RuntimeException e) {
        // being replaced: sizes are unknown for a moment
      }
    }
    String state = failure != null ? "FAILED" : behind(h) ? "CATCHING_UP" : "READY";
    String detail = failure != null ? failure
        : (fromScratch && catchingUp ? "building from block 0: " : "") + "through block " + lastBlock
            + (h < 0 ? "" : " of " + h) + ", " + sizes[0] + " trades, " + sizes[1] + " deliveries";
    return new Status(state, lastBlock, h, lag, queue.size(), sizes[0], sizes[1], rebuilds, fromScratch && catchingUp, detail);
  }

  /** Waits until the index has taken in every block the ledger has now; false when it has not in time. */
  public boolean awaitCurrent(Duration timeout) {
    return awaitBlock(ledgerHeight() - 1, timeout);
  }

  private boolean awaitBlock(long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed && (catchingUp || lastBlock < target || !queue.isEmpty() || store == null)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return !closed;
  }

  /** Stops following the ledger and closes the file, committing what was taken in. */
  @Override
  public void close() {
    closed = true;
    generation.incrementAndGet();
    // No interrupt: it would close the file's channel under the store. The indexer polls.
    try {
      indexer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- queries -----------------------------------------------------------------------------

  private Page page(String kind, TradeQuery q, boolean trades) {
    if (failure != null) {
      throw new UnavailableException("the query index cannot be kept: " + failure, null);
    }
    long h = ledgerHeight();
    if (!catchingUp) {
      // What was committed before the request is answered (blocks arrive a moment after commit).
      awaitBlock(h - 1, FRESHNESS_WAIT);
    }
    String after = decode(kind, q);
    IndexStore s = store;
    if (s == null) {
      throw new UnavailableException("the query index is being opened; try again in a few seconds", null);
    }
    IndexStore.Filter f = new IndexStore.Filter(q.exchange(), q.party(), q.regNo(), q.status(), q.from(), q.to());
    long through = lastBlock;
    boolean behind = behind(h);
    IndexStore.Slice slice;
    try {
      slice = trades ? s.trades(f, q.pageSize(), after, scanLimit) : s.deliveries(f, q.pageSize(), after, scanLimit);
    } catch (IndexDamagedException | MVStoreException e) {
      if (s == store && !closed) {
        damage = e.getMessage();
      }
      throw new UnavailableException("the query index was found damaged and is being rebuilt from the ledger; try again in a few seconds", null);
    } catch (IllegalStateException e) {
      if (s != store || closed) {
        throw new UnavailableException("the query index is being rebuilt from the ledger; try again in a few seconds", null);
      }
      throw e;
    }
    return new Page(slice.items(), slice.after() == null ? "" : encode(kind, q, slice.after()), through, behind);
  }

  private boolean behind(long h) {
    return catchingUp || !queue.isEmpty() || (h > 0 && lastBlock < h - 1);
  }

  private long ledgerHeight() {
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

  /** Bookmarks are opaque: base64url of the query's fingerprint and the last position examined. */
  private static String encode(String kind, TradeQuery q, String sortKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((fingerprint(kind, q) + ":" + sortKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String kind, TradeQuery q) {
    if (q.bookmark() == null) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(q.bookmark()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      text = "";
    }
    int colon = text.indexOf(':');
    if (colon < 0 || !text.substring(0, colon).equals(fingerprint(kind, q)) || !SORT_KEY.matcher(text.substring(colon + 1)).matches()) {
      throw new InvalidInputException("bookmark", "is not a bookmark of this query: send it with the same filters as the page that"
          + " returned it, or leave it out for the first page");
    }
    return text.substring(colon + 1);
  }

  private static String fingerprint(String kind, TradeQuery q) {
    String filters = String.join("\n", kind, String.valueOf(q.exchange()), String.valueOf(q.party()), String.valueOf(q.regNo()),
        String.valueOf(q.status()), String.valueOf(q.from()), String.valueOf(q.to()));
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- following the ledger ----------------------------------------------------------------

  private void run() {
    long lastCommit = System.nanoTime();
    int uncommitted = 0;
    try {
      start(false);
      while (!closed) {
        if (damage != null) {
          String why = damage;
          damage = null;
          start(true, why);
          uncommitted = 0;
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
            take(item.event());
            uncommitted++;
          }
          if (uncommitted > 0 && (uncommitted >= BATCH || System.nanoTime() - lastCommit > COMMIT_NANOS)) {
            store.commit(new IndexStore.Checkpoint(lastBlock, eventsInBlock, lastTxId));
            uncommitted = 0;
            lastCommit = System.nanoTime();
          }
          long h = System.nanoTime() - heightAskedAt > HEIGHT_REFRESH_NANOS || (catchingUp && queue.isEmpty())
              ? ledgerHeight() : knownHeight;
          if (catchingUp && queue.isEmpty() && (h < 0 || lastBlock >= h - 1)) {
            catchingUp = false;
            if (fromScratch) {
              LOG.info("query index built: " + status().detail());
            }
          }
        } catch (IndexDamagedException | MVStoreException e) {
          damage = e.getMessage();
        }
      }
    } catch (RuntimeException e) {
      // A file that cannot be created or written (or a fault): queries are refused and health says why.
      failure = "the index in " + file + " stopped: " + e;
      LOG.log(Level.SEVERE, "query index: " + failure, e);
    } finally {
      stopFollowing();
      IndexStore s = store;
      if (s != null) {
        try {
          if (lastBlock >= 0 && failure == null) {
            s.commit(new IndexStore.Checkpoint(lastBlock, eventsInBlock, lastTxId));
          }
          s.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "query index: closing the file failed; it is rebuilt or resumed at the next start", e);
          s.abandon();
        }
      }
    }
  }

  private void start(boolean rebuild) {
    start(rebuild, null);
  }

  /** Opens the file (rebuilding it when asked, missing or unusable) and subscribes from its checkpoint. */
  private void start(boolean rebuild, String why) {
    stopFollowing();
    IndexStore old = store;
    store = null;
    if (old != null) {
      old.abandon();
    }
    IndexStore.Checkpoint from = null;
    IndexStore opened = null;
    if (!rebuild) {
      try {
        if (Files.exists(file)) {
          opened = IndexStore.open(file);
          from = opened.checkpoint();
          long h = ledgerHeight();
          if (from == null) {
            // Created, but stopped before its first checkpoint: nothing in it counts.
            opened.abandon();
            opened = null;
            why = "there is none yet";
          } else if (h >= 0 && from.block() >= h) {
            opened.abandon();
            opened = null;
            why = "it holds block " + from.block() + " but the ledger has " + h + " blocks";
          }
        } else {
          why = "there is none yet";
        }
      } catch (RuntimeException e) {
        if (opened != null) {
          opened.abandon();
        }
        opened = null;
        why = "it cannot be read (" + e.getMessage() + ")";
      }
    }
    if (opened == null) {
      boolean quiet = "there is none yet".equals(why);
      if (quiet) {
        LOG.info("query index: building " + file + " from block 0 of the ledger");
      } else {
        LOG.warning("query index: setting aside " + file + " because " + why + "; rebuilding it from block 0 of the ledger");
        rebuilds++;
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new IllegalStateException("cannot remove " + file + ": " + e.getMessage(), e);
      }
      opened = IndexStore.open(file);
      from = null;
      fromScratch = true;
    } else {
      fromScratch = false;
      LOG.info("query index: resuming after block " + from.block() + " (event " + from.events() + " of it)");
    }
    resume = from;
    seenInResumeBlock = 0;
    lastBlock = from == null ? -1 : from.block();
    eventsInBlock = from == null ? 0 : from.events();
    lastTxId = from == null ? "" : from.txId();
    catchingUp = true;
    store = opened;
    follow(from == null ? 0 : from.block());
  }

  /** Subscribes on its own thread: the embedded ledger replays committed events on the caller's thread. */
  private void follow(long fromBlock) {
    long gen = generation.incrementAndGet();
    queue.clear();
    Thread feed = new Thread(() -> {
      Subscription s = ledger.events(fromBlock, e -> offer(gen, e));
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

  /** Called on the ledger's thread: waits while the queue is full, drops events of a closed subscription. */
  private void offer(long gen, LedgerEvent e) {
    Item item = new Item(gen, e);
    try {
      while (!closed && gen == generation.get()) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
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
    if (e.blockNumber() == lastBlock) {
      eventsInBlock++;
    } else {
      lastBlock = e.blockNumber();
      eventsInBlock = 1;
    }
    lastTxId = e.txId();
  }
}
