package io.dareg.gateway.log;

import io.dareg.core.log.MerkleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the transparency log's entries where they are kept: in the embedded ledger's block file (positional reads at
 * the places {@link LogStore} indexed), or in the store itself for a ledger without one (Fabric), each checked against
 * its leaf hash before it is handed out.
 */
final class EntryReader implements AutoCloseable {
  /** The most bytes of the block file read at once for a bundle; entries further apart are read one by one. */
  private static final long MAX_SPAN = 16 << 20;

  private final LogStore store;
  /** The ledger's block file, or null when the store keeps the entries. */
  private final FileChannel blockFile;
  private final Path dir;

  /**
   * @param blockFile the ledger's block file open for reading, or null when {@code store} keeps the entries; closed with
   *     this reader
   * @param dir the log's directory, named in the error for a damaged index
   */
  EntryReader(LogStore store, FileChannel blockFile, Path dir) {
    this.store = store;
    this.blockFile = blockFile;
    this.dir = dir;
  }

  /** {@code count} entries from {@code from}: one read of their locations, one of the block file (or one each when far apart). */
  List<byte[]> read(long from, int count) {
    List<LogStore.Location> where = store.locations(from, count);
    byte[] hashes = store.nodes(0, from, count);
    long start = where.get(0).offset();
    LogStore.Location last = where.get(count - 1);
    long end = last.offset() + last.length();
    List<byte[]> out = new ArrayList<>(count);
    try {
      if (end - start <= MAX_SPAN && end >= start) {
        ByteBuffer span = bytes(start, (int) (end - start));
        for (LogStore.Location l : where) {
          byte[] e = new byte[l.length()];
          span.get(Math.toIntExact(l.offset() - start), e);
          out.add(e);
        }
      } else {
        for (LogStore.Location l : where) {
          out.add(bytes(l.offset(), l.length()).array());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading entries " + from + " to " + (from + count - 1) + " from the block file", e);
    }
    for (int i = 0; i < count; i++) {
      byte[] leaf = MerkleLog.leafHash(out.get(i));
      if (!Arrays.equals(leaf, 0, 32, hashes, i * 32, i * 32 + 32)) {
        throw new IllegalStateException("entry " + (from + i) + " read back from the block file does not hash to its leaf in the"
            + " log; the log's entry index in " + dir.resolve("tree") + " is damaged: stop the gateway and move that directory"
            + " aside, the log is derived again from the blocks at the next start");
      }
    }
    return out;
  }

  private ByteBuffer bytes(long at, int length) throws IOException {
    if (blockFile == null) {
      return ByteBuffer.wrap(store.data(at, length));
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (blockFile.read(b, at + b.position()) < 0) {
        throw new IOException("the block file ends at " + (at + b.position()) + ", before an entry the log indexed");
      }
    }
    return b.flip();
  }

  @Override
  public void close() throws IOException {
    if (blockFile != null) {
      blockFile.close();
    }
  }
}
