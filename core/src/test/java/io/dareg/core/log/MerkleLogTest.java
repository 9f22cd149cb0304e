package io.dareg.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 hashing, tree shape and proofs: the reference vectors of Certificate Transparency's
 * RFC 6962 test suite (the eight leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
 * 606162636465666768696a6b6c6d6e6f, their roots at every size, and its inclusion and consistency
 * paths, as published with google/certificate-transparency's merkle tree tests and reproduced by
 * transparency-dev/merkle), and a property test against a bottom-up recomputation of the tree.
 */
class MerkleLogTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final String[] ENTRIES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

  private static final String[] ROOTS = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };

  /** Leaf (0-based), tree size, audit path. */
  private static final Object[][] INCLUSION = {
    {0, 8, new String[] {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5, 8, new String[] {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, new String[] {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1, 5, new String[] {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };

  /** First size, second size, consistency path. */
  private static final Object[][] CONSISTENCY = {
    {1, 1, new String[] {}},
    {1, 8, new String[] {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6, 8, new String[] {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 5, new String[] {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };

  private static List<byte[]> referenceLeaves() {
    List<byte[]> out = new ArrayList<>();
    for (String e : ENTRIES) {
      out.add(MerkleLog.leafHash(HEX.parseHex(e)));
    }
    return out;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  @Test
  void roots_match_the_reference_at_every_size_from_0_to_8() {
    List<byte[]> leaves = referenceLeaves();
    for (int n = 0; n <= 8; n++) {
      assertThat(HEX.formatHex(MerkleLog.root(MerkleLog.Leaves.of(leaves), n))).as("size %d", n).isEqualTo(ROOTS[n]);
    }
  }

  @Test
  void inclusion_proofs_match_the_reference_and_verify_only_against_their_root() {
    List<byte[]> leaves = referenceLeaves();
    for (Object[] v : INCLUSION) {
      int index = (int) v[0];
      int size = (int) v[1];
      List<byte[]> proof = MerkleLog.inclusionProof(MerkleLog.Leaves.of(leaves), index, size);
      assertThat(hex(proof)).as("leaf %d of %d", index, size).containsExactly((String[]) v[2]);
      byte[] root = HEX.parseHex(ROOTS[size]);
      assertThat(MerkleLog.verifyInclusion(index, size, leaves.get(index), proof, root)).isTrue();
      assertThat(MerkleLog.verifyInclusion(index, size, leaves.get(index), proof, HEX.parseHex(ROOTS[0]))).isFalse();
      assertThat(MerkleLog.verifyInclusion(index, size, leaves.get((index + 1) % size), proof, root)).isFalse();
    }
  }

  @Test
  void consistency_proofs_match_the_reference_and_verify() {
    List<byte[]> leaves = referenceLeaves();
    for (Object[] v : CONSISTENCY) {
      int first = (int) v[0];
      int second = (int) v[1];
      List<byte[]> proof = MerkleLog.consistencyProof(MerkleLog.Leaves.of(leaves), first, second);
      assertThat(hex(proof)).as("%d to %d", first, second).containsExactly((String[]) v[2]);
      assertThat(MerkleLog.verifyConsistency(first, second, proof, HEX.parseHex(ROOTS[first]), HEX.parseHex(ROOTS[second]))).isTrue();
    }
  }

  @Test
  void every_proof_of_random_logs_agrees_with_a_bottom_up_recomputation_and_a_rewrite_breaks_consistency() {
    Random random = new Random(9162);
    for (int round = 0; round < 25; round++) {
      int n = 1 + random.nextInt(70);
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] entry = new byte[random.nextInt(24)];
        random.nextBytes(entry);
        leaves.add(MerkleLog.leafHash(entry));
      }
      MerkleLog.Leaves source = MerkleLog.Leaves.of(leaves);
      byte[][] roots = new byte[n + 1][];
      for (int m = 1; m <= n; m++) {
        roots[m] = bottomUpRoot(leaves.subList(0, m));
        assertThat(MerkleLog.root(source, m)).isEqualTo(roots[m]);
      }
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = MerkleLog.inclusionProof(source, i, n);
        assertThat(MerkleLog.verifyInclusion(i, n, leaves.get(i), proof, roots[n])).as("leaf %d of %d", i, n).isTrue();
        byte[] flipped = leaves.get(i).clone();
        flipped[0] ^= 1;
        assertThat(MerkleLog.verifyInclusion(i, n, flipped, proof, roots[n])).isFalse();
      }
      for (int m = 1; m <= n; m++) {
        List<byte[]> proof = MerkleLog.consistencyProof(source, m, n);
        assertThat(MerkleLog.verifyConsistency(m, n, proof, roots[m], roots[n])).as("%d to %d", m, n).isTrue();
      }
      if (n >= 3) {
        // History rewritten under an old checkpoint: leaf 0 replaced; the new tree is consistent with
        // itself but not with the checkpoint the witness kept.
        int m = 2 + random.nextInt(n - 2);
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(0, MerkleLog.leafHash(new byte[] {42}));
        List<byte[]> proof = MerkleLog.consistencyProof(MerkleLog.Leaves.of(rewritten), m, n);
        assertThat(MerkleLog.verifyConsistency(m, n, proof, roots[m], bottomUpRoot(rewritten))).isFalse();
      }
    }
  }

  @Test
  void a_store_of_complete_nodes_gives_the_same_roots_and_proofs_and_is_asked_only_for_nodes_it_holds() {
    Random random = new Random(6962);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      leaves.add(MerkleLog.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    // level k holds the complete subtrees of 2^k leaves, as a store appending leaves would
    List<List<byte[]>> levels = new ArrayList<>();
    levels.add(leaves);
    while (levels.get(levels.size() - 1).size() > 1) {
      List<byte[]> below = levels.get(levels.size() - 1);
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i + 1 < below.size(); i += 2) {
        next.add(MerkleLog.nodeHash(below.get(i), below.get(i + 1)));
      }
      levels.add(next);
    }
    long[] size = new long[1];
    int[] reads = new int[1];
    MerkleLog.Leaves stored = new MerkleLog.Leaves() {
      @Override
      public byte[] get(long index) {
        return node(0, index);
      }

      @Override
      public byte[] node(int level, long index) {
        assertThat((index + 1) << level).as("node %d/%d in a tree of %d", level, index, size[0]).isLessThanOrEqualTo(size[0]);
        reads[0]++;
        return levels.get(level).get(Math.toIntExact(index));
      }
    };
    MerkleLog.Leaves plain = MerkleLog.Leaves.of(leaves);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(leaves.size());
      int m = 1 + random.nextInt(n);
      int i = random.nextInt(n);
      size[0] = n;
      reads[0] = 0;
      assertThat(MerkleLog.root(stored, n)).isEqualTo(MerkleLog.root(plain, n));
      assertThat(MerkleLog.inclusionProof(stored, i, n)).containsExactlyElementsOf(MerkleLog.inclusionProof(plain, i, n));
      assertThat(MerkleLog.consistencyProof(stored, m, n)).containsExactlyElementsOf(MerkleLog.consistencyProof(plain, m, n));
      // O(log^2 n) reads, not O(n): 9 levels here
      assertThat(reads[0]).as("reads for a tree of %d", n).isLessThanOrEqualTo(3 * 9 * 9);
    }
  }

  /** The tree root computed level by level, a lone last node promoted unchanged (RFC 6962's shape, another way). */
  private static byte[] bottomUpRoot(List<byte[]> leaves) {
    List<byte[]> level = new ArrayList<>(leaves);
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(MerkleLog.nodeHash(level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }
}
