package io.dareg.gateway.log;

import io.dareg.core.log.MerkleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The transparency log's tree on disk: one append-only file per level of complete subtrees ({@code level-00} holds the
 * leaf hashes, {@code level-01} the hash of each complete pair, and so on), and the number of leaves after each
 * ledger block ({@code blocks}, 8 bytes a block), and where each leaf's entry lies in the ledger's block file
 * ({@code entries}, 12 bytes a leaf: offset and length), so that an entry is read back without scanning blocks. A root
 * or a proof reads O(log² n) nodes of 32 bytes, whatever the size; a tile is one read of a level, an entry bundle one
 * read of {@code entries} and one of the block file. A store over a ledger that keeps no block file of entries (a Fabric
 * channel, whose entries are derived from the blocks a peer delivers) keeps the entries itself, appended to {@code
 * entry-data}, and {@code entries} then locates them there. Nothing here is forced to disk: the log is derived from the block file and {@link TransparencyLog} re-derives
 * whatever a crash lost, from its last durable checkpoint on.
 *
 * <p>Not thread-safe for writers: one thread appends; readers may read any node below {@link #size()} meanwhile.
 */
final class LogStore implements AutoCloseable, MerkleLog.Leaves {
  static final int HASH = 32;
  /** Bytes a leaf takes in {@code entries}: its offset in the block file (8) and its length (4). */
  static final int LOCATION = 12;
  private static final int MAX_LEVELS = 63;

  private final Path dir;
  private final List<FileChannel> levels = new ArrayList<>();
  private final FileChannel blocks;
  private final FileChannel entries;
  /** The entries themselves when the store keeps them ({@code entry-data}), else null. */
  private final FileChannel data;
  /** Where the next entry goes in {@link #data}: the end of the last leaf's entry. */
  private long dataEnd;
  private volatile long size;
  private volatile long blockCount;

  private LogStore(Path dir, boolean keepsEntries) throws IOException {
    this.dir = dir;
    this.data = keepsEntries ? FileChannel.open(dir.resolve("entry-data"), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE) : null;
    this.blocks = FileChannel.open(dir.resolve("blocks"), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    this.entries = FileChannel.open(dir.resolve("entries"), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /**
   * A leaf to append: its hash and where its entry lies in the block file.
   *
   * @param hash the leaf hash
   * @param offset where the entry's bytes start in the block file
   * @param length how many bytes it has
   */
  record Leaf(byte[] hash, long offset, int length) {}

  /**
   * Where an entry lies in the block file.
   *
   * @param offset where its bytes start
   * @param length how many bytes it has
   */
  record Location(long offset, int length) {}

  /** Opens (or creates) the store in {@code dir}, trimmed to whole entries and to what its levels agree on. */
  static LogStore open(Path dir) throws IOException {
    return open(dir, false);
  }

  /**
   * Opens (or creates) the store in {@code dir} as {@link #open(Path)} does; {@code keepsEntries} when it keeps the
   * entries themselves ({@link #appendEntries}), cut back with the leaves.
   */
  static LogStore open(Path dir, boolean keepsEntries) throws IOException {
    Files.createDirectories(dir);
    LogStore s = new LogStore(dir, keepsEntries);
    try {
      s.level(0);
      // a leaf counts once both its hash and its entry's location are there (a store from before the locations were
      // kept has none: it is derived again from the blocks)
      long leaves = Math.min(s.levels.get(0).size() / HASH, s.entries.size() / LOCATION);
      while (keepsEntries && leaves > 0 && s.endOf(leaves - 1) > s.data.size()) {
        leaves--; // an entry whose bytes did not reach the disk
      }
      long blocks = s.blocks.size() / 8;
      // the leaves after the last block recorded: a block's leaves count only once the block is recorded
      long counted = blocks == 0 ? 0 : s.readLong(s.blocks, blocks - 1);
      while (blocks > 0 && counted > leaves) {
        blocks--;
        counted = blocks == 0 ? 0 : s.readLong(s.blocks, blocks - 1);
      }
      s.truncate(counted, blocks);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** How many leaves the log holds. */
  long size() {
    return size;
  }

  /** How many ledger blocks' transactions it holds. */
  long blocks() {
    return blockCount;
  }

  /** How many leaves the log held after block {@code number} (0-based) was appended. */
  long sizeAfterBlock(long number) {
    if (number < 0) {
      return 0;
    }
    if (number >= blockCount) {
      throw new IllegalArgumentException("block " + number + " is not in the log, which holds " + blockCount + " blocks");
    }
    try {
      return readLong(blocks, number);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The block that leaf {@code index} came from. */
  long blockOf(long index) {
    long lo = 0;
    long hi = blockCount - 1;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (sizeAfterBlock(mid) > index) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Appends one block's leaves (hashes and entry locations), then records the block. The nodes a block adds at each
   * level are consecutive, so they are gathered in memory and written with one positional write a level (about log2 of
   * the block's size writes, instead of about two a leaf); a node's left sibling is read from what this block added or,
   * at most once a level, from the tree. Readers see the block only once {@link #size()} moves, after every write.
   */
  void appendBlock(List<Leaf> leaves) throws IOException {
    long n = size;
    ByteBuffer locations = ByteBuffer.allocate(leaves.size() * LOCATION);
    for (Leaf l : leaves) {
      locations.putLong(l.offset()).putInt(l.length());
    }
    locations.flip();
    long at = n * LOCATION;
    while (locations.hasRemaining()) {
      at += entries.write(locations, at);
    }
    ByteBuffer[] added = new ByteBuffer[MAX_LEVELS];
    long[] firstAdded = new long[MAX_LEVELS];
    for (Leaf l : leaves) {
      byte[] node = l.hash();
      long index = n;
      int level = 0;
      add(added, firstAdded, leaves.size(), 0, index, node);
      // every complete pair above the new leaf
      while ((index & 1) == 1) {
        node = MerkleLog.nodeHash(addedOrStored(added, firstAdded, level, index - 1), node);
        index >>>= 1;
        level++;
        add(added, firstAdded, leaves.size(), level, index, node);
      }
      n++;
    }
    for (int level = 0; level < MAX_LEVELS && added[level] != null; level++) {
      ByteBuffer b = added[level].flip();
      FileChannel ch = level(level);
      long from = firstAdded[level] * HASH;
      while (b.hasRemaining()) {
        ch.write(b, from + b.position());
      }
    }
    ByteBuffer b = ByteBuffer.allocate(8).putLong(0, n);
    blocks.write(b, blockCount * 8);
    size = n;
    blockCount++;
  }

  /** Keeps node {@code index} of {@code level}, added by the block being appended ({@code count} leaves). */
  private static void add(ByteBuffer[] added, long[] firstAdded, int count, int level, long index, byte[] hash) {
    if (added[level] == null) {
      added[level] = ByteBuffer.allocate(((count >>> level) + 1) * HASH);
      firstAdded[level] = index;
    }
    added[level].put(hash);
  }

  /** Node {@code index} of {@code level}: from what the block being appended added, else from the tree. */
  private byte[] addedOrStored(ByteBuffer[] added, long[] firstAdded, int level, long index) {
    if (added[level] != null && index >= firstAdded[level]) {
      byte[] out = new byte[HASH];
      added[level].get(Math.toIntExact((index - firstAdded[level]) * HASH), out);
      return out;
    }
    return node(level, index);
  }

  /**
   * Appends one block's entries to {@code entry-data} (only a store that keeps its entries), then their leaves and the
   * block.
   */
  void appendEntries(List<byte[]> blockEntries) throws IOException {
    if (data == null) {
      throw new IllegalStateException("this log's entries are in the ledger's block file, not in the log");
    }
    List<Leaf> leaves = new ArrayList<>(blockEntries.size());
    long at = dataEnd;
    for (byte[] e : blockEntries) {
      ByteBuffer b = ByteBuffer.wrap(e);
      while (b.hasRemaining()) {
        data.write(b, at + b.position());
      }
      leaves.add(new Leaf(MerkleLog.leafHash(e), at, e.length));
      at += e.length;
    }
    appendBlock(leaves);
    dataEnd = at;
  }

  /** {@code length} bytes of {@code entry-data} from {@code at}. */
  byte[] data(long at, int length) throws IOException {
    if (data == null) {
      throw new IllegalStateException("this log's entries are in the ledger's block file, not in the log");
    }
    return read(data, at, length, "entry bytes " + at + " to " + (at + length - 1));
  }

  /** Where the entry of leaf {@code index} ends in {@code entry-data}. */
  private long endOf(long index) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(read(entries, index * LOCATION, LOCATION, "the location of entry " + index));
    return b.getLong() + b.getInt();
  }

  /** Cuts the log back to its first {@code leaves} leaves and {@code blocks} blocks. */
  void truncate(long leaves, long blocks) throws IOException {
    for (int level = 0; level < MAX_LEVELS; level++) {
      long keep = leaves >>> level;
      if (level > 0 && keep == 0 && !Files.exists(file(level))) {
        break;
      }
      FileChannel ch = level(level);
      if (ch.size() > keep * HASH) {
        ch.truncate(keep * HASH);
      }
      if (ch.size() < keep * HASH) {
        // a level behind its leaves (a crash between two writes): fill it from the level below
        for (long i = ch.size() / HASH; i < keep; i++) {
          appendNode(level, i, MerkleLog.nodeHash(node(level - 1, 2 * i), node(level - 1, 2 * i + 1)));
        }
      }
    }
    if (entries.size() > leaves * LOCATION) {
      entries.truncate(leaves * LOCATION);
    }
    this.blocks.truncate(blocks * 8);
    if (data != null) {
      dataEnd = leaves == 0 ? 0 : endOf(leaves - 1);
      if (data.size() > dataEnd) {
        data.truncate(dataEnd);
      }
    }
    this.size = leaves;
    this.blockCount = blocks;
  }

  /** Makes what was appended durable. */
  void force() throws IOException {
    for (FileChannel ch : levels) {
      ch.force(false);
    }
    blocks.force(false);
    entries.force(false);
    if (data != null) {
      data.force(false);
    }
  }

  /** The hashes at {@code level} from index {@code from}, {@code count} of them, concatenated: one read. */
  byte[] nodes(int level, long from, int count) {
    try {
      return read(level(level), from * HASH, count * HASH, "the log's nodes " + from + " to " + (from + count - 1) + " at level " + level);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log's nodes " + from + " to " + (from + count - 1) + " at level " + level, e);
    }
  }

  /** Where the entries of leaves {@code from} to {@code from + count - 1} lie in the block file: one read. */
  List<Location> locations(long from, int count) {
    try {
      ByteBuffer b = ByteBuffer.wrap(read(entries, from * LOCATION, count * LOCATION, "the locations of entries " + from + " to "
          + (from + count - 1)));
      List<Location> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(new Location(b.getLong(), b.getInt()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the locations of entries " + from + " to " + (from + count - 1), e);
    }
  }

  private static byte[] read(FileChannel ch, long at, int length, String what) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new IllegalStateException("the log has not got " + what);
      }
    }
    return b.array();
  }

  @Override
  public byte[] get(long index) {
    return node(0, index);
  }

  @Override
  public byte[] node(int level, long index) {
    ByteBuffer b = ByteBuffer.allocate(HASH);
    try {
      FileChannel ch = level(level);
      long at = index * HASH;
      while (b.hasRemaining()) {
        if (ch.read(b, at + b.position()) < 0) {
          throw new IllegalStateException("the log has no node " + index + " at level " + level);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log's node " + index + " at level " + level, e);
    }
    return b.array();
  }

  private void appendNode(int level, long index, byte[] hash) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(hash);
    FileChannel ch = level(level);
    while (b.hasRemaining()) {
      ch.write(b, index * HASH + b.position());
    }
  }

  private synchronized FileChannel level(int level) throws IOException {
    while (levels.size() <= level) {
      levels.add(FileChannel.open(file(levels.size()), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE));
    }
    return levels.get(level);
  }

  private Path file(int level) {
    return dir.resolve(String.format("level-%02d", level));
  }

  private long readLong(FileChannel ch, long index) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8);
    while (b.hasRemaining()) {
      if (ch.read(b, index * 8 + b.position()) < 0) {
        throw new IOException("the log's block list ends before block " + index);
      }
    }
    return b.getLong(0);
  }

  @Override
  public void close() throws IOException {
    for (FileChannel ch : levels) {
      ch.close();
    }
    blocks.close();
    entries.close();
    if (data != null) {
      data.close();
    }
  }
}
