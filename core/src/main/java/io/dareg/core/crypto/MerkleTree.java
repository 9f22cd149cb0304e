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
}
