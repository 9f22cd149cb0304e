package io.dareg.gateway.index;

import io.dareg.core.api.TradeQuery;
import io.dareg.gateway.OwnerOnlyFiles;
import io.dareg.gateway.ledger.Ledger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's query index of trades and deliveries, built from the ledger's events, so exchanges
 * and regulators can page through them by exchange, party, asset, status and time without scanning
 * the ledger. It follows {@link Ledger#events} only, so it works the same over the embedded ledger
 * and Fabric.
 *
 * <p>It lives in a RocksDB store of its own under its directory ({@code <data>/index/trades.rocksdb/}).
 * Entries are written in batches, each in one write with the checkpoint (the last block taken in,
 * how many of its events, and the last transaction id), so after a restart or a crash it resumes
 * from the checkpoint; a missing store is built from block 0, and a store that cannot be read,
 * fails its checks, or does not match the ledger is set aside and rebuilt, with a warning in the
 * log. The H2 MVStore file of earlier versions ({@code trades.mv.db}) is removed when found and the
 * index rebuilt. While it catches up, queries answer from what it holds and say it is {@code behind}.
 *
 * <pre>{@code
 * QueryIndex index = QueryIndex.open(dataDir.resolve("index"), ledger);
 * QueryIndex.Page page = index.trades(TradeQuery.all().withRegNo(regNo));
 * }</pre>
 *
 * <p>This class is the front; {@link IndexFollower} follows the ledger, {@link IndexRebuild} opens
 * or rebuilds the store, {@link IndexPages} answers queries, {@link IndexStore} keeps them on disk.
 */
public final class QueryIndex implements AutoCloseable {
  /** The index store's directory inside the index directory. */
  public static final String STORE = "trades.rocksdb";

  private final IndexFollower follower;
  private final IndexPages pages;

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
   *     block 0) or FAILED (it cannot keep its store; queries are refused)
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

  /**
   * What the index holds against what it takes on disk.
   *
   * @param liveBytes the sum of the sizes of its keys and values
   * @param diskBytes the size of its files
   * @param compactedBytes what the same live entries take written afresh and fully compacted (the least it could
   *     take): {@code diskBytes / compactedBytes} is its space amplification
   */
  public record Footprint(long liveBytes, long diskBytes, long compactedBytes) {}

  private QueryIndex(Path dir, Ledger ledger, int scanLimit, int batch) {
    this.follower = new IndexFollower(dir.resolve(STORE), ledger, batch);
    this.pages = new IndexPages(follower, scanLimit);
  }

  /**
   * How many blocks the index in {@code dir} says the ledger had committed when it last took some
   * in (its checkpoint's block, plus one), or 0 when it has none or cannot be read: evidence the
   * embedded ledger holds its block file to on start (issue 21).
   */
  public static long indexedBlocks(Path dir) {
    return IndexRebuild.indexedBlocks(dir.resolve(STORE));
  }

  /**
   * What the index in {@code dir} holds against what it takes on disk (read beside a running
   * index, which it does not disturb): a full scan, and a fully compacted copy of what it holds
   * (in a scratch directory beside it, removed after), for benchmarks and operators.
   */
  public static Footprint footprint(Path dir) throws IOException {
    IndexStore.Footprint f = IndexStore.footprintOf(dir.resolve(STORE));
    return new Footprint(f.liveBytes(), f.diskBytes(), f.compactedBytes());
  }

  /**
   * Opens the index in {@code dir} (created owner-only) and starts following the ledger from its
   * checkpoint.
   */
  public static QueryIndex open(Path dir, Ledger ledger) throws IOException {
    return open(dir, ledger, IndexStore.SCAN_LIMIT);
  }

  /** As {@link #open(Path, Ledger)}, with pages examining at most {@code scanLimit} entries. */
  static QueryIndex open(Path dir, Ledger ledger, int scanLimit) throws IOException {
    return open(dir, ledger, scanLimit, IndexFollower.BATCH);
  }

  /** As {@link #open(Path, Ledger, int)}, writing batches of about {@code batch} events while catching up. */
  static QueryIndex open(Path dir, Ledger ledger, int scanLimit, int batch) throws IOException {
    OwnerOnlyFiles.directory(dir);
    QueryIndex index = new QueryIndex(dir, ledger, scanLimit, batch);
    index.follower.start();
    return index;
  }

  /** Trades the query selects, one page. */
  public Page trades(TradeQuery q) {
    return pages.page(q, true);
  }

  /** Deliveries the query selects, one page. */
  public Page deliveries(TradeQuery q) {
    return pages.page(q, false);
  }

  /** Where the index stands. */
  public Status status() {
    // Health and metrics call this on the event loop, where asking a Fabric peer would block.
    long h = follower.knownHeight();
    long lastBlock = follower.lastBlock();
    long lag = h < 0 ? 0 : Math.max(0, h - 1 - lastBlock);
    long[] sizes = follower.sizes();
    String failure = follower.failure();
    String state = failure != null ? "FAILED" : follower.behind(h) ? "CATCHING_UP" : "READY";
    String detail = failure != null ? failure : follower.summary(h);
    boolean rebuilding = follower.fromScratch() && follower.catchingUp();
    return new Status(state, lastBlock, h, lag, follower.pending(), sizes[0], sizes[1], follower.rebuilds(), rebuilding, detail);
  }

  /** Waits until the index has taken in every block the ledger has now; false when it has not in time. */
  public boolean awaitCurrent(Duration timeout) {
    return follower.awaitBlock(follower.ledgerHeight() - 1, timeout);
  }

  /** Stops following the ledger and closes the store, writing what was taken in. */
  @Override
  public void close() {
    follower.close();
  }
}
