package io.dareg.core.log;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The right edge of an RFC 9162 tree: the roots of the complete subtrees that make up its first {@link #size()}
 * leaves, largest first (one per bit set in the size). It is all a follower of a log needs to keep to go on appending
 * leaves and to compute the root ({@link MerkleLog#root}) of every size it reaches, without the leaves themselves.
 *
 * <pre>{@code
 * LogFrontier f = new LogFrontier();
 * entries.forEach(e -> f.append(MerkleLog.leafHash(e)));
 * Arrays.equals(f.root(), checkpoint.rootHash());   // the entries are the log's
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class LogFrontier {
  private long size;
  /** The subtree roots, largest (leftmost) first. */
  private final List<byte[]> peaks = new ArrayList<>();

  /** The frontier of the empty tree. */
  public LogFrontier() {}

  private LogFrontier(long size, List<byte[]> peaks) {
    if (size < 0 || Long.bitCount(size) != peaks.size()) {
      throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(Math.max(size, 0))
          + " complete subtrees on its right edge, not " + peaks.size());
    }
    for (byte[] p : peaks) {
      if (p.length != 32) {
        throw new IllegalArgumentException("a subtree root is 32 bytes, not " + p.length);
      }
      this.peaks.add(p.clone());
    }
    this.size = size;
  }

  /** How many leaves it covers. */
  public long size() {
    return size;
  }

  /** Appends a leaf by its leaf hash ({@link MerkleLog#leafHash}). */
  public void append(byte[] leafHash) {
    if (leafHash.length != 32) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes, not " + leafHash.length);
    }
    byte[] node = leafHash.clone();
    // each trailing one bit of the old size is a subtree of the same height as the new node: merge
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      node = MerkleLog.nodeHash(peaks.remove(peaks.size() - 1), node);
    }
    peaks.add(node);
    size++;
  }

  /** The Merkle Tree Hash of the leaves appended so far. */
  public byte[] root() {
    if (size == 0) {
      return MerkleLog.emptyRoot();
    }
    byte[] r = peaks.get(peaks.size() - 1);
    for (int i = peaks.size() - 2; i >= 0; i--) {
      r = MerkleLog.nodeHash(peaks.get(i), r);
    }
    return r;
  }

  /** A copy, to append to without changing this one. */
  public LogFrontier copy() {
    return new LogFrontier(size, peaks);
  }

  /** Its text form: the size, then each subtree root in base64, one a line. */
  public String text() {
    StringBuilder b = new StringBuilder().append(size).append('\n');
    peaks.forEach(p -> b.append(Base64.getEncoder().encodeToString(p)).append('\n'));
    return b.toString();
  }

  /** Reads {@link #text()}; refuses a size and a count of roots that disagree. */
  public static LogFrontier parse(String text) {
    String[] lines = text.strip().split("\n");
    long size;
    try {
      size = Long.parseLong(lines[0].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a frontier starts with its size in decimal, not " + lines[0]);
    }
    List<byte[]> peaks = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      try {
        peaks.add(Base64.getDecoder().decode(lines[i].strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " of a frontier is not base64: " + lines[i]);
      }
    }
    return new LogFrontier(size, peaks);
  }
}
