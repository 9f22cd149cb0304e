package io.dareg.core.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of an append-only log as RFC 9162 (Certificate Transparency v2, §2.1) defines it,
 * with SHA-256: its root (the Merkle Tree Hash), inclusion proofs and consistency proofs, made and
 * checked. Issue 24 builds dareg's witnessed log on it; the hashing and tree shape are exactly CT's, so
 * that the tools and witnesses of the transparency world can check dareg's log.
 *
 * <p>Leaves are given by their leaf hashes ({@link #leafHash}). Proof making reads the leaf hashes
 * through {@link Leaves}, so a store can serve them without holding the log in memory.
 *
 * <pre>{@code
 * List<byte[]> leaves = entries.stream().map(MerkleLog::leafHash).toList();
 * byte[] root = MerkleLog.root(MerkleLog.Leaves.of(leaves), leaves.size());
 * List<byte[]> path = MerkleLog.inclusionProof(MerkleLog.Leaves.of(leaves), 5, leaves.size());
 * MerkleLog.verifyInclusion(5, leaves.size(), leaves.get(5), path, root);   // true
 * }</pre>
 */
public final class MerkleLog {
  private MerkleLog() {}

  /** The leaf hashes of a log, by index. */
  @FunctionalInterface
  public interface Leaves {
    /** The hash of leaf {@code index}. */
    byte[] get(long index);

    /**
     * The hash of the complete subtree of {@code 2^level} leaves that starts at leaf {@code index << level}. A store
     * that keeps interior nodes answers from them, so that a root or a proof costs O(log² n) reads instead of O(n);
     * by default it is computed from the leaves.
     */
    default byte[] node(int level, long index) {
      if (level == 0) {
        return get(index);
      }
      return nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
    }

    /** The leaves of an in-memory list. */
    static Leaves of(List<byte[]> hashes) {
      return i -> hashes.get(Math.toIntExact(i));
    }
  }

  /** SHA-256 of the empty string: the root of the empty log. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** The hash of a leaf: SHA-256(0x00 || {@code entry}). */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    return d.digest(entry);
  }

  /** The hash of an interior node: SHA-256(0x01 || {@code left} || {@code right}). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left);
    return d.digest(right);
  }

  /** The Merkle Tree Hash of the first {@code size} leaves. */
  public static byte[] root(Leaves leaves, long size) {
    requireSize(size);
    return size == 0 ? emptyRoot() : subtree(leaves, 0, size);
  }

  /** The inclusion proof (audit path) of leaf {@code index} in the tree of the first {@code size} leaves. */
  public static List<byte[]> inclusionProof(Leaves leaves, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
    }
    List<byte[]> out = new ArrayList<>();
    path(leaves, index, 0, size, out);
    return out;
  }

  /** The consistency proof from the tree of the first {@code first} leaves to the tree of the first {@code second}. */
  public static List<byte[]> consistencyProof(Leaves leaves, long first, long second) {
    if (first < 1 || first > second) {
      throw new IllegalArgumentException("a consistency proof goes from 1 <= first <= second, not " + first + " to " + second);
    }
    List<byte[]> out = new ArrayList<>();
    subproof(leaves, first, 0, second, true, out);
    return out;
  }

  /** True when {@code proof} shows leaf {@code index} with hash {@code leafHash} in the tree of {@code size} leaves whose root is {@code root}. */
  public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * True when {@code proof} shows that the tree of {@code second} leaves with root {@code secondRoot}
   * extends the tree of {@code first} leaves with root {@code firstRoot}: the log was only appended to.
   */
  public static boolean verifyConsistency(long first, long second, List<byte[]> proof, byte[] firstRoot, byte[] secondRoot) {
    if (first < 1 || first > second) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(first) == 1) {
      path.add(0, firstRoot);
    }
    if (path.isEmpty()) {
      return false;
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
  }

  /** MTH of the leaves [from, from + n), n >= 1. */
  private static byte[] subtree(Leaves leaves, long from, long n) {
    if (Long.bitCount(n) == 1) {
      // A complete subtree: in RFC 9162's left-filled shape it always starts at a multiple of its size.
      int level = Long.numberOfTrailingZeros(n);
      return leaves.node(level, from >>> level);
    }
    long k = split(n);
    return nodeHash(subtree(leaves, from, k), subtree(leaves, from + k, n - k));
  }

  /** PATH(m, D[from, from + n)) of RFC 9162 §2.1.3.1, appended to {@code out}. */
  private static void path(Leaves leaves, long m, long from, long n, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    long k = split(n);
    if (m < k) {
      path(leaves, m, from, k, out);
      out.add(subtree(leaves, from + k, n - k));
    } else {
      path(leaves, m - k, from + k, n - k, out);
      out.add(subtree(leaves, from, k));
    }
  }

  /** SUBPROOF(m, D[from, from + n), b) of RFC 9162 §2.1.4.1, appended to {@code out}. */
  private static void subproof(Leaves leaves, long m, long from, long n, boolean whole, List<byte[]> out) {
    if (m == n) {
      if (!whole) {
        out.add(subtree(leaves, from, n));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(leaves, m, from, k, whole, out);
      out.add(subtree(leaves, from + k, n - k));
    } else {
      subproof(leaves, m - k, from + k, n - k, false, out);
      out.add(subtree(leaves, from, k));
    }
  }

  /** The largest power of two smaller than {@code n} (n >= 2). */
  private static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void requireSize(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("a tree has 0 or more leaves, not " + size);
    }
  }

  /**
   * One SHA-256 digest per thread, reused: {@code MessageDigest.getInstance} looks the provider up and instantiates by
   * reflection on every call, which was about a third of the log thread's samples in a JFR profile (bench/README.md,
   * issue 24). Every use ends with {@code digest()}, which resets it; it is reset here too.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  });

  private static MessageDigest sha256() {
    MessageDigest d = SHA256.get();
    d.reset();
    return d;
  }
}
