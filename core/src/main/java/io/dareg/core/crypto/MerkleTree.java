package io.dareg.core.crypto;

import io.dareg.core.model.HashAlgorithm;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary Merkle tree with domain separation: a leaf hashes as {@code H(0x00 ‖ data)}, an inner
 * node as {@code H(0x01 ‖ left ‖ right)}; a node without a partner is promoted to the next level
 * unchanged. The root of no leaves is {@code H()} of the empty input.
 *
 * <pre>{@code
 * byte[] root = MerkleTree.root(HashAlgorithm.SHA256, List.of(tx1, tx2, tx3));
 * }</pre>
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** The root over {@code leaves}, in their order. */
  public static byte[] root(HashAlgorithm algorithm, List<byte[]> leaves) {
    MessageDigest md = Hashes.newDigest(algorithm);
    if (leaves.isEmpty()) {
      return md.digest();
    }
    List<byte[]> level = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      md.update((byte) 0x00);
      md.update(leaf);
      level.add(md.digest());
    }
    return rootOfLeafHashes(algorithm, level);
  }

  /** The root over leaves already hashed as {@code H(tag ‖ data)}; a single leaf is its own root. */
  public static byte[] rootOfLeafHashes(HashAlgorithm algorithm, List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      return Hashes.newDigest(algorithm).digest();
    }
    MessageDigest md = Hashes.newDigest(algorithm);
    List<byte[]> level = leafHashes;
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        if (i + 1 == level.size()) {
          next.add(level.get(i));
        } else {
          md.update((byte) 0x01);
          md.update(level.get(i));
          md.update(level.get(i + 1));
          next.add(md.digest());
        }
      }
      level = next;
    }
    return level.get(0);
  }

  /**
   * One step of a membership proof: the sibling hash to combine with, and on which side it stands.
   *
   * @param left true when the sibling is the left operand, {@code H(0x01 ‖ sibling ‖ current)}
   * @param hash the sibling's hash
   */
  public record Step(boolean left, byte[] hash) {}

  /**
   * The steps from leaf {@code index} to the root of {@code leafHashes}; levels where the node is
   * promoted without a partner contribute no step.
   */
  public static List<Step> path(HashAlgorithm algorithm, List<byte[]> leafHashes, int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
    }
    MessageDigest md = Hashes.newDigest(algorithm);
    List<Step> steps = new ArrayList<>();
    List<byte[]> level = leafHashes;
    int i = index;
    while (level.size() > 1) {
      if (i % 2 == 1) {
        steps.add(new Step(true, level.get(i - 1)));
      } else if (i + 1 < level.size()) {
        steps.add(new Step(false, level.get(i + 1)));
      }
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int k = 0; k < level.size(); k += 2) {
        if (k + 1 == level.size()) {
          next.add(level.get(k));
        } else {
          md.update((byte) 0x01);
          md.update(level.get(k));
          md.update(level.get(k + 1));
          next.add(md.digest());
        }
      }
      level = next;
      i /= 2;
    }
    return steps;
  }

  /** The root a leaf hash and its path lead to. */
  public static byte[] rootFromPath(HashAlgorithm algorithm, byte[] leafHash, List<Step> steps) {
    MessageDigest md = Hashes.newDigest(algorithm);
    byte[] current = leafHash;
    for (Step s : steps) {
      md.update((byte) 0x01);
      md.update(s.left() ? s.hash() : current);
      md.update(s.left() ? current : s.hash());
      current = md.digest();
    }
    return current;
  }
}
