package io.dareg.gateway.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Which leaf of the log holds a transaction: {@code tree/txids} keeps, for each leaf in order, the first 8 bytes of
 * SHA-256 of its transaction id (8 bytes a leaf: 8 MB at 1,000,000 leaves), appended with the leaves and forced with
 * them; in memory the same fingerprints and an open-addressing table of leaf numbers (about 16 MB at 1,000,000). A
 * fingerprint only points at a candidate: the caller confirms by reading the leaf's entry, so a collision costs a read,
 * never a wrong answer. The file is derived from the log's entries, so a short or missing one is completed from them at
 * start ({@link TransparencyLog}) and a longer one cut back to the leaves.
 *
 * <p>Thread-safe: the log's appender adds while HTTP workers look up.
 */
final class TxIndex implements AutoCloseable {
  static final String FILE = "txids";
  private static final int FINGERPRINT = 8;

  private final FileChannel file;
  private long[] fingerprints = new long[1024];
  private int size;
  /** Leaf number + 1 at a fingerprint's home slot or after it; 0 is empty. Capacity a power of two, at most half full. */
  private int[] slots = new int[2048];

  private TxIndex(FileChannel file) {
    this.file = file;
  }

  /** Opens the index in {@code dir}, cut back to at most {@code leaves}; {@link #size()} says how many it holds. */
  static TxIndex open(Path dir, long leaves) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    TxIndex index = new TxIndex(ch);
    try {
      long held = Math.min(ch.size() / FINGERPRINT, leaves);
      if (held > Integer.MAX_VALUE - 1) {
        throw new IOException("the transaction index holds at most 2^31 - 2 leaves");
      }
      ch.truncate(held * FINGERPRINT);
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      long at = 0;
      while (at < held * FINGERPRINT) {
        buf.clear().limit((int) Math.min(buf.capacity(), held * FINGERPRINT - at));
        int n = ch.read(buf, at);
        if (n <= 0) {
          throw new IOException("the transaction index ends early");
        }
        at += n;
        buf.flip();
        while (buf.remaining() >= FINGERPRINT) {
          index.remember(buf.getLong());
        }
        if (buf.hasRemaining()) { // a read that split a fingerprint: read it again
          at -= buf.remaining();
        }
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return index;
  }

  /** How many leaves it holds. */
  synchronized long size() {
    return size;
  }

  /** Appends the transaction ids of the next leaves (null for a leaf without one), in leaf order. */
  synchronized void append(java.util.List<String> txIds) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(txIds.size() * FINGERPRINT);
    for (String id : txIds) {
      long f = fingerprint(id);
      buf.putLong(f);
    }
    buf.flip();
    long at = (long) size * FINGERPRINT;
    while (buf.hasRemaining()) {
      at += file.write(buf, at);
    }
    for (String id : txIds) {
      remember(fingerprint(id));
    }
  }

  /**
   * The leaf holding {@code txId}, or -1: the leaves whose fingerprint matches are offered to {@code confirm} (which
   * reads the entry and compares its id), newest first, and the first it accepts is the answer.
   */
  long find(String txId, LongPredicate confirm) {
    long f = fingerprint(txId);
    long[] candidates;
    synchronized (this) {
      candidates = new long[4];
      int found = 0;
      int mask = slots.length - 1;
      for (int s = home(f, mask); slots[s] != 0; s = (s + 1) & mask) {
        int leaf = slots[s] - 1;
        if (fingerprints[leaf] == f) {
          if (found == candidates.length) {
            candidates = Arrays.copyOf(candidates, found * 2);
          }
          candidates[found++] = leaf;
        }
      }
      candidates = Arrays.copyOf(candidates, found);
    }
    Arrays.sort(candidates);
    for (int i = candidates.length - 1; i >= 0; i--) {
      if (confirm.test(candidates[i])) {
        return candidates[i];
      }
    }
    return -1;
  }

  /** Forces the file to disk. */
  synchronized void force() throws IOException {
    file.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    file.close();
  }

  private void remember(long f) {
    if (size == fingerprints.length) {
      fingerprints = Arrays.copyOf(fingerprints, size * 2);
    }
    fingerprints[size] = f;
    size++;
    if (size * 2 > slots.length) {
      int[] old = slots;
      slots = new int[old.length * 2];
      for (int leaf = 0; leaf < size - 1; leaf++) {
        place(leaf);
      }
    }
    place(size - 1);
  }

  private void place(int leaf) {
    int mask = slots.length - 1;
    int s = home(fingerprints[leaf], mask);
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    slots[s] = leaf + 1;
  }

  private static int home(long f, int mask) {
    return (int) (f ^ (f >>> 32)) & mask;
  }

  /** The first 8 bytes of SHA-256 of the id (0 for a leaf without one: it matches nothing, its entry is always read). */
  static long fingerprint(String txId) {
    if (txId == null) {
      return 0;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(txId.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, FINGERPRINT).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
