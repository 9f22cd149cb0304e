package io.dareg.gateway.index;

import io.dareg.core.json.Json;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DeliveryStatus;
import io.dareg.core.model.Trade;
import io.dareg.core.model.TradeStatus;
import io.dareg.gateway.ledger.LedgerEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The query index on disk: a RocksDB store in its own directory holding, for trades and for
 * deliveries, the ledger's latest record of each, ordered entries by dimension (all, exchange, party,
 * asset, status) and the number of entries under each key, plus the checkpoint. Changes are staged
 * in a batch and written by {@link #commit} in one atomic write together with the checkpoint, so the
 * store always stands at a checkpoint: a crash loses at most the batches not yet written. Every
 * value carries a CRC-32C of its key and text, and RocksDB checks its blocks, so a damaged store is
 * noticed when it is read ({@link IndexDamagedException}) instead of answering wrongly.
 *
 * <p>Keys (UTF-8, whose byte order is code point order; fields joined by NUL):
 * <pre>
 *   m format | m checkpoint                          the layout, and where the index stands
 *   r KIND id                                        the record: summary line, newline, canonical JSON
 *   e KIND DIM NUL VALUE NUL TIME18 id               an entry: the summary line
 *   c KIND DIM NUL VALUE                             how many entries that key has (8 bytes)
 * </pre>
 * KIND is {@code t} (trades) or {@code d} (deliveries); DIM is {@code *} (all, no value), {@code x}
 * exchange, {@code p} party, {@code a} asset (regNo) or {@code s} status; TIME18 is {@link #timeKey}.
 * A page seeks to its narrowest dimension's key at the bookmark (or the {@code from} time) and reads
 * on in time order.
 *
 * <p>Written with RocksDB's log but without waiting for it to reach the disk: a crash of the gateway
 * loses nothing written, a crash of the machine at most the last batches (the log recovers to a
 * batch boundary), and the index resumes from the checkpoint that remains: it only ever holds what
 * the ledger's blocks hold. Tables are LZ4-compressed (ZSTD at the last level) and levelled with
 * dynamic level sizes, which keeps the store on disk within about 1.1 times its last level.
 *
 * <p>One thread writes ({@link #apply}, {@link #commit}, {@link #close}); any number read.
 */
final class IndexStore implements AutoCloseable {
  /** The layout written in the store; another one is rebuilt. */
  static final String FORMAT = "dareg-query-index-rocksdb-1";
  /** How many entries one page may examine, so that no query runs unbounded. */
  static final int SCAN_LIMIT = 50_000;
  static final int TIME_KEY_LENGTH = 18;
  static final char SEP = '\u0000';
  static final char FIELD = '\u001f';
  private static final byte[] FORMAT_KEY = "mformat".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHECKPOINT_KEY = "mcheckpoint".getBytes(StandardCharsets.UTF_8);
  private static final long CACHE_BYTES = 32L << 20;
  private static final long MEMTABLE_BYTES = 32L << 20;
  private static final long LOG_BYTES = 2 * MEMTABLE_BYTES;
  /** RocksDB's own text log (LOG), kept to two files of this size. */
  private static final long INFO_LOG_BYTES = 8L << 20;
  /**
   * A Bloom filter over the memtable's whole keys, this share of its size, as in the state store:
   * taking in a new trade or delivery first reads its record, which is absent, and the filter
   * answers that without a search of the memtable.
   */
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final LRUCache cache = new LRUCache(CACHE_BYTES);
  private final BloomFilter bloom = new BloomFilter(10);
  private final Options options;
  private final WriteOptions writeOptions = new WriteOptions().setSync(false);
  final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final IndexTable trades = new IndexTable(this, 't');
  private final IndexTable deliveries = new IndexTable(this, 'd');
  private RocksDB db;
  private volatile boolean closed;
  private WriteBatchWithIndex batch;
  private ReadOptions batchReads;

  /** What the index has taken in: the first {@code events} events of {@code block}, the last being {@code txId}. */
  record Checkpoint(long block, int events, String txId) {}

  /** The filters of a query; null fields do not filter. */
  record Filter(String exchange, String party, String regNo, String status, Instant from, Instant to) {}

  /** Items as the ledger's canonical JSON, and where the next page starts (null at the end). */
  record Slice(List<String> items, String after) {}

  /**
   * What the store holds against what it takes on disk.
   *
   * @param liveBytes the sum of its keys' and values' sizes
   * @param diskBytes the size of its directory
   * @param compactedBytes the size of the same live entries written afresh with the same options and fully compacted
   *     (their table files): the least the store could take, against which its space amplification is {@code
   *     diskBytes / compactedBytes}
   */
  record Footprint(long liveBytes, long diskBytes, long compactedBytes) {}

  private IndexStore(Path dir) {
    this.dir = dir;
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
        .setBlockSize(16 << 10);
    this.options = new Options().setCreateIfMissing(true).setTableFormatConfig(table)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true)
        .setWriteBufferSize(MEMTABLE_BYTES).setMaxTotalWalSize(LOG_BYTES)
        .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO).setMemtableWholeKeyFiltering(true)
        .setAvoidFlushDuringShutdown(true).setKeepLogFileNum(2).setMaxLogFileSize(INFO_LOG_BYTES).setMaxOpenFiles(256);
  }

  /** Opens the store in {@code dir}, creating it when missing; a store of another layout, or unreadable, is refused. */
  static IndexStore open(Path dir) {
    IndexStore s = new IndexStore(dir);
    try {
      s.db = RocksDB.open(s.options, dir.toString());
      byte[] format = s.db.get(FORMAT_KEY);
      if (format == null) {
        try (RocksIterator it = s.db.newIterator()) {
          it.seekToFirst();
          if (it.isValid()) {
            throw new IndexDamagedException("the store names no layout");
          }
        }
        try (WriteBatchWithIndex b = new WriteBatchWithIndex()) {
          b.put(FORMAT_KEY, FORMAT.getBytes(StandardCharsets.UTF_8));
          s.db.write(s.writeOptions, b);
        }
      } else if (!FORMAT.equals(new String(format, StandardCharsets.UTF_8))) {
        throw new IndexDamagedException("the store has layout '" + new String(format, StandardCharsets.UTF_8) + "', not " + FORMAT);
      }
      s.checkpoint();
      return s;
    } catch (RocksDBException e) {
      s.abandon();
      throw damaged(e);
    } catch (RuntimeException e) {
      s.abandon();
      throw e;
    }
  }

  /**
   * The checkpoint of the store in {@code dir}, opened read-only (beside a gateway that has it
   * open), or null when it has none; throws when it cannot be read.
   */
  static Checkpoint checkpointOf(Path dir) {
    IndexStore s = new IndexStore(dir);
    try {
      s.db = RocksDB.openReadOnly(s.options, dir.toString());
      return s.checkpoint();
    } catch (RocksDBException e) {
      throw damaged(e);
    } finally {
      s.abandon();
    }
  }

  /**
   * What the store in {@code dir} (opened read-only) holds against what it takes on disk. Beside a
   * running index a log file may go between listing and reading: it is tried again.
   */
  static Footprint footprintOf(Path dir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return footprintOnce(dir);
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static Footprint footprintOnce(Path dir) throws IOException {
    long live = 0;
    long disk = sizeOf(dir, "");
    Path scratch = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "footprint-");
    IndexStore s = new IndexStore(dir);
    IndexStore copy = new IndexStore(scratch);
    try {
      s.db = RocksDB.openReadOnly(s.options, dir.toString());
      copy.db = RocksDB.open(copy.options, scratch.toString());
      try (ReadOptions ro = new ReadOptions().setFillCache(false); RocksIterator it = s.db.newIterator(ro);
          WriteOptions unlogged = new WriteOptions().setDisableWAL(true); WriteBatch b = new WriteBatch()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] key = it.key();
          byte[] value = it.value();
          live += key.length + value.length;
          b.put(key, value);
          if (b.count() >= 10_000) {
            copy.db.write(unlogged, b);
            b.clear();
          }
        }
        copy.db.write(unlogged, b);
      }
      try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
        copy.db.flush(wait);
      }
      copy.db.compactRange();
      return new Footprint(live, disk, sizeOf(scratch, ".sst"));
    } catch (RocksDBException e) {
      throw new IOException("cannot read the query index in " + dir + ": " + e.getMessage(), e);
    } finally {
      s.abandon();
      copy.abandon();
      delete(scratch);
    }
  }

  /** The size of the files in {@code dir} whose names end in {@code suffix}. */
  private static long sizeOf(Path dir, String suffix) throws IOException {
    long size = 0;
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(suffix)).toList()) {
        size += Files.size(p);
      }
    }
    return size;
  }

  /** Removes the store in {@code dir}, which must be closed. */
  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The written checkpoint, or null when nothing was indexed yet. */
  Checkpoint checkpoint() {
    byte[] value = read(CHECKPOINT_KEY);
    if (value == null) {
      return null;
    }
    String[] f = open("checkpoint", new String(value, StandardCharsets.UTF_8)).split(String.valueOf(FIELD), -1);
    try {
      return new Checkpoint(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2]);
    } catch (RuntimeException e) {
      throw new IndexDamagedException("the checkpoint cannot be read");
    }
  }

  /** Takes one event into the batch; events that do not concern trades or deliveries are ignored. */
  void apply(LedgerEvent e) {
    switch (e.name()) {
      case "recordTrade", "recordSettlement", "recordDispute" -> {
        Trade t = Json.read(e.payloadJson().getBytes(StandardCharsets.UTF_8), Trade.class);
        IndexTable.Summary s = new IndexTable.Summary(timeKey(t.tradedAt()), t.exchange(), t.seller(), t.buyer(), t.regNo(), TradeStatus.of(t).name());
        trades.upsert(t.tradeNo(), s, e.payloadJson());
      }
      case "recordDelivery", "answerDelivery", "completeDelivery", "recordDeletion" -> {
        Delivery d = Json.read(e.payloadJson().getBytes(StandardCharsets.UTF_8), Delivery.class);
        // A delivery is seen by whoever sees its trade, which the index took in before it.
        IndexTable.Summary trade = trades.summary(d.tradeNo());
        IndexTable.Summary s = trade == null
            ? new IndexTable.Summary(timeKey(d.deliveredAt()), "", "", "", "", DeliveryStatus.of(d).name())
            : new IndexTable.Summary(timeKey(d.deliveredAt()), trade.exchange(), trade.seller(), trade.buyer(), trade.regNo(), DeliveryStatus.of(d).name());
        deliveries.upsert(d.deliveryNo(), s, e.payloadJson());
      }
      default -> { }
    }
  }

  /** Writes the batch and {@code checkpoint} in one atomic write: the store then stands at the checkpoint. */
  void commit(Checkpoint c) {
    try {
      batch().put(CHECKPOINT_KEY, seal("checkpoint", c.block() + "" + FIELD + c.events() + FIELD + c.txId())
          .getBytes(StandardCharsets.UTF_8));
      db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw damaged(e);
    } finally {
      dropBatch();
    }
  }

  /** One page of trades, examining at most {@code scanLimit} entries. */
  Slice trades(Filter f, int pageSize, String after, int scanLimit) {
    return trades.page(f, pageSize, after, scanLimit);
  }

  /** One page of deliveries, examining at most {@code scanLimit} entries. */
  Slice deliveries(Filter f, int pageSize, String after, int scanLimit) {
    return deliveries.page(f, pageSize, after, scanLimit);
  }

  /** How many trades and deliveries the index holds (as written). */
  long[] sizes() {
    return new long[] {trades.count("*" + SEP, null), deliveries.count("*" + SEP, null)};
  }

  /** Closes, flushing what was written to the store's tables; a batch not committed is dropped. */
  @Override
  public void close() {
    shut(true);
  }

  /** Closes without writing anything more (after damage, or as a crash would leave it). */
  void abandon() {
    shut(false);
  }

  private void shut(boolean flush) {
    lock.writeLock().lock();
    try {
      dropBatch();
      if (db != null) {
        try {
          if (flush && !closed) {
            try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
              db.flush(wait);
            } catch (RocksDBException e) {
              // its log holds what was written: the next open replays it
            }
          }
        } finally {
          db.close();
          db = null;
        }
      }
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    writeOptions.close();
    options.close();
    bloom.close();
    cache.close();
  }

  private void dropBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
    if (batchReads != null) {
      batchReads.close();
      batchReads = null;
    }
  }

  /** The batch being staged (the writer's). */
  WriteBatchWithIndex batch() {
    if (batch == null) {
      batch = new WriteBatchWithIndex(true);
      batchReads = new ReadOptions();
    }
    return batch;
  }

  /** The open store; refused once closed. */
  RocksDB db() {
    RocksDB d = db;
    if (d == null || closed) {
      throw new IllegalStateException("the query index store is closed");
    }
    return d;
  }

  /** Reads a written value (not the batch), refusing when the store is closed meanwhile. */
  byte[] read(byte[] key) {
    lock.readLock().lock();
    try {
      return db().get(key);
    } catch (RocksDBException e) {
      throw damaged(e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Reads what the batch would leave: the writer's view. */
  byte[] readStaged(byte[] key) {
    try {
      return batch().getFromBatchAndDB(db(), batchReads, key);
    } catch (RocksDBException e) {
      throw damaged(e);
    }
  }

  static IndexDamagedException damaged(RocksDBException e) {
    return new IndexDamagedException("the store cannot be read or written (" + e.getMessage() + ")");
  }

  /** Sort key part for a time: fixed-width hex of seconds and nanoseconds, so text order is time order. */
  static String timeKey(Instant t) {
    String s = Long.toHexString(Math.max(0, t.getEpochSecond()));
    String n = Integer.toHexString(t.getNano());
    return "0".repeat(Math.max(0, 10 - s.length())) + s + "0".repeat(8 - n.length()) + n;
  }

  /** The text with a CRC-32C of its key and text in front (8 hex digits). */
  static String seal(String key, String text) {
    CRC32C crc = new CRC32C();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    String hex = Long.toHexString(crc.getValue());
    return "0".repeat(8 - hex.length()) + hex + text;
  }

  /** The text of a sealed value, refused when its check fails. */
  static String open(String key, String sealed) {
    if (sealed.length() < 8) {
      throw new IndexDamagedException("the entry " + printable(key) + " is cut short");
    }
    String text = sealed.substring(8);
    if (!seal(key, text).equals(sealed)) {
      throw new IndexDamagedException("the entry " + printable(key) + " fails its check");
    }
    return text;
  }

  static String printable(String key) {
    return key.replace(SEP, '/');
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b, int from) {
    return new String(b, from, b.length - from, StandardCharsets.UTF_8);
  }

  static byte[] append(byte[] b, byte last) {
    byte[] out = Arrays.copyOf(b, b.length + 1);
    out[b.length] = last;
    return out;
  }
}
