package io.dareg.gateway.ledger.embedded;

import io.dareg.chaincode.registry.Key;
import io.dareg.chaincode.registry.Layers;
import io.dareg.chaincode.registry.WorldState;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.logging.Logger;
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
import org.rocksdb.WriteOptions;

/**
 * The embedded ledger's world state and key history on disk ({@code ledger/state/}, RocksDB),
 * written as of a block: each committed block's writes, where it starts in the block file and the
 * checkpoint (how many blocks, the last header's hash, where the chain ends) go in one atomic batch,
 * after the block is forced to disk. So the store is never ahead of the block file. Its batches go
 * to RocksDB's write-ahead log unforced (the block file, forced before every batch, is what makes a
 * block durable), and {@link #syncLog} forces that log about once a second: a crash of the process
 * loses nothing of the store, a power cut at most what the log had not forced, and start-up replays
 * the blocks after the checkpoint the store recovered; a clean close flushes everything. Memtables
 * are flushed to the tables when full (64 MiB), not on a timer: each flush of a small memtable made
 * a small table that compaction merged into the whole first level again (about half the process's
 * CPU at 64 writers, before). It holds nothing the block file does not: missing, unreadable,
 * of an earlier format or not matching the chain, it is rebuilt from the block file.
 *
 * <p>Keys are stored as UTF-16BE, whose byte order is {@link String#compareTo}'s order, so ranges
 * come out in the same order as from a sorted map. Key history is keyed by the key, the block and
 * the transaction's place in it, so replaying a block the store already holds changes nothing. A
 * history entry holds no copy of the value: it says where the transaction that wrote it lies in the
 * block file, from which {@link #history} reads the value back (format 2; before it every value was
 * stored twice, which doubled what the store took in and compacted for each write). Index entries and the bookkeeping
 * of signed requests have none ({@link Key#historyKept}: no rule reads it; seven of a registration's nine writes), so a
 * registration puts 11 keys into the memtable instead of 18. A store written before that keeps their earlier entries,
 * which nothing reads.
 */
final class StateStore implements Layers.Base, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StateStore.class.getName());
  private static final byte STATE = 's';
  private static final byte HISTORY = 'h';
  private static final byte BLOCK = 'b';
  private static final byte[] CHECKPOINT = {'m'};
  /** The key of the store's format, written with every block; a store without this format's is rebuilt. */
  private static final byte[] FORMAT = {'f'};
  /** Format 2: history entries point into the block file instead of holding the value. */
  private static final byte[] FORMAT_2 = {2};
  /** How many entries a range reads per pass (each pass opens and closes one iterator). */
  private static final int CHUNK = 256;
  /** How many keys {@link #hot} holds before it starts again. */
  private static final int HOT_KEYS = 16_384;
  /** A key known to be absent, in {@link #hot}. Compared by identity. */
  private static final byte[] ABSENT = new byte[0];
  /** Bits per key of the tables' Bloom filters, which answer most reads of absent keys without a block read. */
  private static final double BLOOM_BITS_PER_KEY = 10;
  /**
   * A Bloom filter over the memtable's whole keys, this share of its size: most reads the rules
   * make of absent keys (a new record's number, to see that it is free) are then answered without
   * a search of the memtable's skip list, a chain of cache misses.
   */
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  static {
    RocksDB.loadLibrary();
  }

  /**
   * Where the store stands.
   *
   * @param blocks how many blocks it holds, from block 0
   * @param headHash hex SHA-256 of the last one's header (64 zeros when none)
   * @param end where the last one ends in the block file
   */
  record Checkpoint(long blocks, String headHash, long end) {}

  private final Path dir;
  /** The block file, read for the values of key history. */
  private final Path blocks;
  private FileChannel blockReader;
  private final LRUCache cache = new LRUCache(32L << 20);
  private final BloomFilter bloom = new BloomFilter(BLOOM_BITS_PER_KEY);
  private final Options options;
  /**
   * RocksDB's log, not forced per write (see the class comment). Without the log, only flushing the
   * memtable every second bounded a crash's replay; with it, a flush happens when a memtable fills.
   * Formerly without RocksDB's log: a second log of what the block file already holds cost the syncer a
   * write per block and a copy of every byte (one SST flush is atomic, so a crash leaves the store
   * as of one checkpoint, as with the log, only an earlier one).
   */
  private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(false).setSync(false);
  private RocksDB db;
  /**
   * Values of recently read keys (the settings, a caller's membership and account: read by almost
   * every transaction), kept current by {@link #add}. Queries read under the ledger's read lock and
   * blocks are applied under its write lock; the writer reads without it, but never a key that the
   * block being applied writes (that block is among its layers, which it reads first), so it cannot
   * put back a value {@link #add} replaced. Absent keys are kept too: a holder's role grant, say, is
   * looked up by each of its transactions. A key kept as absent and then written is dropped instead:
   * mostly a new record's number, read once to see that it is free, which would otherwise fill the
   * map with records nobody reads again.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, byte[]> hot = new java.util.concurrent.ConcurrentHashMap<>();
  private WriteBatch batch;
  private long batchBlocks;

  private StateStore(Path dir, Path blocks) {
    this.dir = dir;
    this.blocks = blocks;
    var table = new org.rocksdb.BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom);
    this.options = new Options().setCreateIfMissing(true).setTableFormatConfig(table)
        .setCompressionType(CompressionType.LZ4_COMPRESSION).setKeepLogFileNum(2).setMaxOpenFiles(512)
        .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO).setMemtableWholeKeyFiltering(true);
  }

  /**
   * Opens the store in {@code dir}, over the block file {@code blocks} (which must exist); one that
   * cannot be opened, or holds an earlier format, is set aside and rebuilt (logged).
   */
  static StateStore open(Path dir, Path blocks) throws IOException {
    StateStore s = new StateStore(dir, blocks);
    try {
      s.db = RocksDB.open(s.options, dir.toString());
    } catch (RocksDBException e) {
      LOG.warning("the state store in " + dir + " cannot be opened (" + e.getMessage() + "): it is rebuilt from the block file");
      s.destroy();
      try {
        s.db = RocksDB.open(s.options, dir.toString());
      } catch (RocksDBException again) {
        s.close();
        throw new IOException("cannot create the state store in " + dir + ": " + again.getMessage(), again);
      }
    }
    try {
      if (s.read(CHECKPOINT) != null && !Arrays.equals(s.read(FORMAT), FORMAT_2)) {
        LOG.warning("the state store in " + dir + " is of an earlier format (key history holding copies of the values):"
            + " it is rebuilt from the block file");
        s.clear();
      }
      s.blockReader = FileChannel.open(blocks, StandardOpenOption.READ);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Empties the store: what it held does not match the block file. */
  void clear() throws IOException {
    hot.clear();
    db.close();
    destroy();
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      throw new IOException("cannot recreate the state store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void destroy() throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Where the store stands: as of no block when it is new. */
  Checkpoint checkpoint() {
    byte[] v = read(CHECKPOINT);
    if (v == null) {
      return new Checkpoint(0, io.dareg.core.ledger.ChainAudit.GENESIS, 0);
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    long blocks = b.getLong();
    long end = b.getLong();
    return new Checkpoint(blocks, new String(v, 16, v.length - 16, StandardCharsets.US_ASCII), end);
  }

  /** Where block {@code number} starts in the block file, or -1 when the store does not hold it. */
  long offsetOf(long number) {
    byte[] v = read(blockKey(number));
    return v == null ? -1 : ByteBuffer.wrap(v).getLong();
  }

  @Override
  public byte[] get(String key) {
    byte[] v = hot.get(key);
    if (v != null) {
      return v == ABSENT ? null : v;
    }
    v = read(stateKey(key));
    if (hot.size() >= HOT_KEYS) {
      hot.clear();
    }
    hot.put(key, v == null ? ABSENT : v);
    return v;
  }

  /** Drops every remembered value: the store may not hold what was staged. */
  void forget() {
    hot.clear();
  }

  @Override
  public Iterator<Map.Entry<String, byte[]>> range(String from, boolean inclusive, String to) {
    byte[] start = stateKey(from);
    byte[] stop = stateKey(to);
    return new Iterator<>() {
      private final List<Map.Entry<String, byte[]>> chunk = new ArrayList<>();
      private int next;
      private byte[] seek = start;
      private boolean skipSeek = !inclusive;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next < chunk.size()) {
          return true;
        }
        if (done) {
          return false;
        }
        chunk.clear();
        next = 0;
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db().newIterator(ro)) {
          it.seek(seek);
          while (it.isValid() && chunk.size() < CHUNK) {
            byte[] k = it.key();
            if (Arrays.compareUnsigned(k, stop) >= 0) {
              done = true;
              break;
            }
            if (!(skipSeek && Arrays.equals(k, seek))) {
              chunk.add(new AbstractMap.SimpleImmutableEntry<>(keyOf(k), it.value()));
            }
            it.next();
          }
          if (!it.isValid()) {
            done = true;
          }
        }
        if (!chunk.isEmpty()) {
          seek = stateKey(chunk.get(chunk.size() - 1).getKey());
          skipSeek = true;
        }
        return !chunk.isEmpty();
      }

      @Override
      public Map.Entry<String, byte[]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk.get(next++);
      }
    };
  }

  /**
   * Every committed change of {@code key}, oldest first, each value read back from the transaction
   * that wrote it in the block file.
   */
  List<WorldState.Modification> history(String key) {
    byte[] prefix = historyPrefix(key);
    List<byte[]> entries = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false); RocksIterator it = db().newIterator(ro)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length || Arrays.compare(k, 0, prefix.length, prefix, 0, prefix.length) != 0) {
          break;
        }
        entries.add(it.value());
      }
    }
    List<WorldState.Modification> out = new ArrayList<>(entries.size());
    for (byte[] entry : entries) {
      out.add(modification(key, entry));
    }
    return out;
  }

  /**
   * Adds block {@code number} (starting at {@code offset}, ending at {@code end}, its header hashing
   * to {@code headHash}) to the pending batch; {@link #flush} writes it. {@code values} holds the
   * value of each write of {@code txs}, in order, as bytes (null for a deletion): see {@link
   * BlockRecords#values}. The block's body starts at {@code bodyOffset} in the block file and
   * {@code txLengths} holds the length of each transaction's canonical bytes in it: where key
   * history finds them.
   */
  void add(long number, long offset, long end, String headHash, long bodyOffset, int[] txLengths,
      List<BlockRecords.Transaction> txs, List<byte[]> values) {
    if (txLengths.length != txs.size()) {
      throw new IllegalArgumentException(txs.size() + " transactions in block " + number + " but " + txLengths.length + " lengths");
    }
    if (batch == null) {
      batch = new WriteBatch();
    }
    try {
      int v = 0;
      long txOffset = bodyOffset + 1; // after the body's '['
      for (int i = 0; i < txs.size(); i++) {
        BlockRecords.Transaction tx = txs.get(i);
        List<BlockRecords.Write> writes = tx.writes();
        for (int w = 0; w < writes.size(); w++) {
          BlockRecords.Write write = writes.get(w);
          byte[] value = values.get(v++);
          if (write.deleted()) {
            batch.delete(stateKey(write.key()));
          } else {
            batch.put(stateKey(write.key()), value);
          }
          hot.computeIfPresent(write.key(), (k, old) -> old == ABSENT ? null : value == null ? ABSENT : value);
          if (Key.historyKept(write.key())) { // index entries keep none: no rule reads it
            batch.put(historyKey(write.key(), number, i),
                modificationBytes(tx.txId(), tx.time(), write.deleted(), txOffset, txLengths[i], w));
          }
        }
        txOffset += txLengths[i] + 1; // and the ',' or ']' after it
      }
      batch.put(blockKey(number), ByteBuffer.allocate(8).putLong(offset).array());
      byte[] hash = headHash.getBytes(StandardCharsets.US_ASCII);
      batch.put(CHECKPOINT, ByteBuffer.allocate(16 + hash.length).putLong(number + 1).putLong(end).put(hash).array());
      batch.put(FORMAT, FORMAT_2);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot stage block " + number + " for the state store: " + e.getMessage(), e);
    }
    batchBlocks++;
  }

  /** How many blocks wait in the pending batch. */
  long pending() {
    return batchBlocks;
  }

  /** Writes the pending batch atomically: the store then stands as of its last block. */
  void flush() {
    if (batch == null) {
      return;
    }
    try {
      db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      hot.clear();
      throw new IllegalStateException("cannot write the state store: " + e.getMessage(), e);
    } finally {
      batch.close();
      batch = null;
      batchBlocks = 0;
    }
  }

  /**
   * Forces the store's write-ahead log to disk: once done, even a power cut loses nothing written
   * before this call, and start-up replays only the blocks after it.
   */
  void syncLog() {
    try {
      db().syncWal();
    } catch (RocksDBException | RuntimeException e) {
      LOG.warning("the state store in " + dir + " could not force its log (" + e.getMessage()
          + "): after a power cut start-up replays more blocks from the block file");
    }
  }

  @Override
  public void close() {
    if (db != null) {
      try {
        flush();
        persist();
      } finally {
        db.close();
        db = null;
      }
    }
    writeOptions.close();
    options.close();
    bloom.close();
    cache.close();
    if (blockReader != null) {
      try {
        blockReader.close();
      } catch (IOException e) {
        LOG.warning("closing the state store's reader of " + blocks + ": " + e.getMessage());
      }
    }
  }

  /**
   * Flushes the memtable to the store's tables, so that the next start replays nothing; on failure
   * it only logs, since the next start replays what is missing from the block file.
   */
  private void persist() {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      db.flush(wait);
    } catch (RocksDBException e) {
      LOG.warning("the state store in " + dir + " could not flush at close (" + e.getMessage()
          + "): the next start replays the blocks it lacks from the block file");
    }
  }

  private RocksDB db() {
    RocksDB d = db;
    if (d == null) {
      throw new IllegalStateException("the state store is closed");
    }
    return d;
  }

  private byte[] read(byte[] key) {
    try {
      return db().get(key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read the state store: " + e.getMessage(), e);
    }
  }

  private static byte[] stateKey(String key) {
    byte[] out = new byte[1 + 2 * key.length()];
    out[0] = STATE;
    putUtf16(key, out, 1);
    return out;
  }

  private static String keyOf(byte[] stateKey) {
    return new String(stateKey, 1, stateKey.length - 1, StandardCharsets.UTF_16BE);
  }

  /**
   * Puts {@code key} as UTF-16BE at {@code at} in {@code out} (which has room for two bytes per
   * char): byte for byte what {@code key.getBytes(UTF_16BE)} gives, a lone surrogate replaced by
   * U+FFFD as there, without a charset encoder. Returns where it ends.
   */
  static int putUtf16(String key, byte[] out, int at) {
    int n = key.length();
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
          out[at++] = (byte) (c >> 8);
          out[at++] = (byte) c;
          c = key.charAt(++i);
        } else {
          c = '\ufffd';
        }
      }
      out[at++] = (byte) (c >> 8);
      out[at++] = (byte) c;
    }
    return at;
  }

  /** The history of a key: its length first, so that no other key's history shares the prefix. */
  static byte[] historyPrefix(String key) {
    return history(key, 0);
  }

  static byte[] historyKey(String key, long block, int tx) {
    byte[] k = history(key, 12);
    ByteBuffer.wrap(k, k.length - 12, 12).putLong(block).putInt(tx);
    return k;
  }

  /** {@link #historyPrefix} followed by {@code more} bytes of room. */
  private static byte[] history(String key, int more) {
    int length = 2 * key.length();
    byte[] k = new byte[5 + length + more];
    k[0] = HISTORY;
    ByteBuffer.wrap(k).putInt(1, length);
    putUtf16(key, k, 5);
    return k;
  }

  private static byte[] blockKey(long number) {
    return ByteBuffer.allocate(9).put(BLOCK).putLong(number).array();
  }

  /**
   * A history entry: the txId as {@link java.io.DataOutput#writeUTF} writes it, the time (seconds,
   * nanos), whether deleted, then where the transaction that wrote it lies in the block file (its
   * offset and length) and the write's place among its writes.
   */
  static byte[] modificationBytes(String txId, Instant time, boolean deleted, long txOffset, int txLength, int write) {
    int idLength = modifiedUtf8Length(txId);
    if (idLength > 0xffff) {
      throw new UncheckedIOException(new UTFDataFormatException("a txId of " + idLength + " bytes is too long"));
    }
    ByteBuffer out = ByteBuffer.allocate(2 + idLength + 8 + 4 + 1 + 8 + 4 + 4);
    out.putShort((short) idLength);
    for (int i = 0; i < txId.length(); i++) {
      char c = txId.charAt(i);
      if (c >= 0x01 && c <= 0x7f) {
        out.put((byte) c);
      } else if (c <= 0x7ff) {
        out.put((byte) (0xc0 | c >> 6 & 0x1f)).put((byte) (0x80 | c & 0x3f));
      } else {
        out.put((byte) (0xe0 | c >> 12 & 0x0f)).put((byte) (0x80 | c >> 6 & 0x3f)).put((byte) (0x80 | c & 0x3f));
      }
    }
    out.putLong(time.getEpochSecond()).putInt(time.getNano()).put((byte) (deleted ? 1 : 0));
    out.putLong(txOffset).putInt(txLength).putInt(write);
    return out.array();
  }

  /** How many bytes {@link java.io.DataOutput#writeUTF} takes for {@code s}, without its length. */
  private static int modifiedUtf8Length(String s) {
    int length = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      length += c >= 0x01 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
    }
    return length;
  }

  /** The change a history entry of {@code key} records, its value read back from the block file. */
  private WorldState.Modification modification(String key, byte[] entry) {
    String txId;
    Instant time;
    boolean deleted;
    long txOffset;
    int txLength;
    int write;
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(entry))) {
      txId = in.readUTF();
      time = Instant.ofEpochSecond(in.readLong(), in.readInt());
      deleted = in.readBoolean();
      txOffset = in.readLong();
      txLength = in.readInt();
      write = in.readInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (deleted) {
      return new WorldState.Modification(txId, time, null, true);
    }
    return new WorldState.Modification(txId, time, writeAt(key, txId, txOffset, txLength, write).valueBytes(), false);
  }

  /** Write {@code write} of transaction {@code txId}, read at {@code txOffset} in the block file and checked to be of {@code key}. */
  private BlockRecords.Write writeAt(String key, String txId, long txOffset, int txLength, int write) {
    ByteBuffer bytes = ByteBuffer.allocate(txLength);
    try {
      for (long at = txOffset; bytes.hasRemaining(); ) {
        int n = blockReader.read(bytes, at);
        if (n < 0) {
          break;
        }
        at += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the history of " + key + " from the block file " + blocks, e);
    }
    BlockRecords.Transaction tx = null;
    if (!bytes.hasRemaining()) {
      try {
        tx = io.dareg.core.json.Json.mapper().readValue(bytes.array(), BlockRecords.Transaction.class);
      } catch (IOException | RuntimeException e) {
        tx = null; // said below
      }
    }
    if (tx == null || !txId.equals(tx.txId()) || tx.writes() == null || write >= tx.writes().size()
        || !key.equals(tx.writes().get(write).key())) {
      throw new IllegalStateException("the state store's history of key " + key + " points at transaction " + txId
          + " at byte " + txOffset + " of " + blocks + ", which is not there: the store is out of step with the"
          + " block file; delete " + dir + " and restart, which rebuilds it from the block file");
    }
    return tx.writes().get(write);
  }

}
