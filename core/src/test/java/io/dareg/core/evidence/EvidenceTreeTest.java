package io.dareg.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.dareg.core.model.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The test vectors of docs/evidence-tree.md (computed independently from the specification with
 * Python's hashlib), and membership proofs for every leaf of random trees.
 */
class EvidenceTreeTest {
  @TempDir Path tmp;

  private EvidenceTree file(String name, byte[] data) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, data);
    return EvidenceTree.of(p, HashAlgorithm.SHA256, null);
  }

  @Test
  void matches_the_documented_vectors_for_single_files() throws Exception {
    EvidenceTree empty = file("empty", new byte[0]);
    assertThat(empty.hash()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(empty.root()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    EvidenceTree abc = file("abc", "abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(abc.root()).isEqualTo("609f6e36d2405585188d5cfd761f407c7cc46a7d3f314c88270469dde315fcd1");
    byte[] mib = new byte[EvidenceTree.CHUNK];
    Arrays.fill(mib, (byte) 'a');
    assertThat(file("one-chunk", mib).root()).isEqualTo("28a56ef53d93e29c26178d1e1c0702f9c20cab31901c6826561a34e5d7dc3939");
    byte[] mibPlusOne = Arrays.copyOf(mib, mib.length + 1);
    mibPlusOne[mib.length] = 'a';
    EvidenceTree two = file("two-chunks", mibPlusOne);
    assertThat(two.hash()).isEqualTo("4a3f0c0c213adea174f9a3d4c13177315b588bdb2e9c1012d3d0bf0453ca0f6a");
    assertThat(two.root()).isEqualTo("1504ae88881333e7fc58bd9fdd79b50a57830135a6c65a98f0e4e56d907993c9");
    assertThat(two.files().get(0).chunkLeaves()).hasSize(2);
  }

  @Test
  void matches_the_documented_vector_for_a_nested_directory() throws Exception {
    Path dir = tmp.resolve("tree");
    Files.createDirectories(dir.resolve("sub/c"));
    Files.writeString(dir.resolve("sub/b.txt"), "world");
    Files.writeString(dir.resolve("a.txt"), "hello");
    Files.write(dir.resolve("sub/c/d.bin"), new byte[0]);
    EvidenceTree tree = EvidenceTree.of(dir, HashAlgorithm.SHA256, null);
    assertThat(tree.files()).extracting(EvidenceTree.FileEntry::path).containsExactly("a.txt", "sub/b.txt", "sub/c/d.bin");
    assertThat(tree.root()).isEqualTo("7ed67cd26c96163763938dc07e193c511b16b79e6727de95bbc92d7eb43aad3f");
    assertThat(tree.hash()).isNull();
    assertThat(tree.size()).isEqualTo(10);
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void every_file_and_chunk_of_a_random_tree_has_a_proof_and_a_wrong_one_fails(HashAlgorithm alg) throws Exception {
    Random random = new Random(42);
    Path dir = tmp.resolve("random-" + alg);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = (i % 3 == 0 ? "x/" : i % 3 == 1 ? "x/y/" : "") + "f" + i + ".bin";
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      byte[] data = new byte[random.nextInt(3 * EvidenceTree.CHUNK)];
      random.nextBytes(data);
      Files.write(p, data);
      names.add(name);
    }
    EvidenceTree tree = EvidenceTree.of(dir, alg, null);
    for (String name : names) {
      MembershipProof proof = tree.prove(name);
      assertThat(proof.verify()).as(name).isTrue();
      assertThat(proof.root()).isEqualTo(tree.root());
      EvidenceTree.FileEntry f = tree.files().stream().filter(e -> e.path().equals(name)).findFirst().orElseThrow();
      byte[] content = Files.readAllBytes(dir.resolve(name));
      for (int c = 0; c < f.chunkLeaves().size(); c++) {
        MembershipProof chunk = tree.proveChunk(name, c);
        byte[] bytes = Arrays.copyOfRange(content, c * EvidenceTree.CHUNK, Math.min(content.length, (c + 1) * EvidenceTree.CHUNK));
        assertThat(chunk.verifyChunk(bytes)).as(name + " chunk " + c).isTrue();
        if (bytes.length > 0) {
          bytes[0] ^= 1;
          assertThat(chunk.verifyChunk(bytes)).isFalse();
        }
      }
      // A proof with another size, path or root does not hold.
      assertThat(new MembershipProof(alg, proof.root(), proof.path(), proof.size() + 1, proof.fileRoot(), null, null, List.of(), proof.steps()).verify()).isFalse();
      assertThat(new MembershipProof(alg, proof.root(), proof.path() + "x", proof.size(), proof.fileRoot(), null, null, List.of(), proof.steps()).verify()).isFalse();
      assertThat(new MembershipProof(alg, "00".repeat(32), proof.path(), proof.size(), proof.fileRoot(), null, null, List.of(), proof.steps()).verify()).isFalse();
    }
  }

  @Test
  void reports_progress_up_to_the_total() throws Exception {
    Path p = tmp.resolve("progress");
    Files.write(p, new byte[3 * EvidenceTree.CHUNK + 5]);
    List<long[]> seen = new ArrayList<>();
    EvidenceTree.of(p, HashAlgorithm.SHA256, (done, total) -> seen.add(new long[] {done, total}));
    assertThat(seen).hasSize(4);
    assertThat(seen.get(3)).containsExactly(3L * EvidenceTree.CHUNK + 5, 3L * EvidenceTree.CHUNK + 5);
  }

  // Issue 26 item 5 (SM3 at the machine's limit): files hashed in parallel, SM3 over many lanes at
  // once; every hash must stay what the one-file-at-a-time Bouncy Castle path gave.

  private static final int[] SIZES = {0, 1, 62, 63, 64, 65, 127, 4096, 65537, EvidenceTree.CHUNK - 1, EvidenceTree.CHUNK,
      EvidenceTree.CHUNK + 1, 2 * EvidenceTree.CHUNK + 63, 3 * EvidenceTree.CHUNK + 1000};

  /** 42 files, each size of SIZES three times, half of them in d0..d2; bench-free and deterministic. */
  private static Path mixedTree(Path dir) throws Exception {
    for (int i = 0; i < 42; i++) {
      Path p = dir.resolve(i % 2 == 0 ? "d" + i % 3 + "/f" + i + ".bin" : "f" + i + ".bin");
      Files.createDirectories(p.getParent());
      byte[] b = new byte[SIZES[i % SIZES.length]];
      for (int k = 0; k < b.length; k++) {
        b[k] = (byte) (i * 7 + k * 31 + (k >>> 11));
      }
      Files.write(p, b);
    }
    return dir;
  }

  private static Path bigFile(Path p) throws Exception {
    byte[] b = new byte[5 * EvidenceTree.CHUNK + 3];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (k * 31 + 7 + (k >>> 13));
    }
    return Files.write(p, b);
  }

  @Test
  void a_tree_and_a_large_file_hash_as_they_did_before_hashing_went_parallel() throws Exception {
    // Printed by `dareg hash --json` of the build before issue 26 (Bouncy Castle SM3, one file at a
    // time) for the same tree and file.
    Path dir = mixedTree(tmp.resolve("mixed"));
    Path big = bigFile(tmp.resolve("big.bin"));
    EvidenceTree sm3 = EvidenceTree.of(dir, HashAlgorithm.SM3, null);
    assertThat(sm3.root()).isEqualTo("3ebcbca9f01baf671f3bc40489b4c956251425c8a448f958413a9601455f7aec");
    assertThat(sm3.size()).isEqualTo(25_379_058);
    assertThat(sm3.files()).hasSize(42);
    assertThat(EvidenceTree.of(dir, HashAlgorithm.SHA256, null).root())
        .isEqualTo("799854440adc135b8afc9eb19bf5888a9848c3f1ae6545b71e6575d0ee43f232");
    EvidenceTree bigSm3 = EvidenceTree.of(big, HashAlgorithm.SM3, null);
    assertThat(bigSm3.hash()).isEqualTo("6c91358b198927fb9aa15f1124c4dba3c237e99ebf0f59264a0da8bcc46cac3f");
    assertThat(bigSm3.root()).isEqualTo("2b6c948d466d7c5b265ed1f85409030dd16ca2808efa62a375241a03072ff714");
    EvidenceTree bigSha = EvidenceTree.of(big, HashAlgorithm.SHA256, null);
    assertThat(bigSha.hash()).isEqualTo("965469ebf88911f4096c44256927f436d3da398c387b93c19f057d92c0e85654");
    assertThat(bigSha.root()).isEqualTo("5f15665934ea0a5d57320cabb5807267d0209cbf78441d7a483958bd8028e128");
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void every_file_hash_and_chunk_leaf_of_a_tree_equals_hashing_that_file_alone(HashAlgorithm alg) throws Exception {
    Path dir = mixedTree(tmp.resolve("alone-" + alg));
    // Sizes on the boundaries of the pieces the parallel path reads (64 KiB).
    Random random = new Random(9);
    for (int size : new int[] {64 << 10, 3 << 16, (64 << 10) - 1, (5 << 16) + 1, EvidenceTree.CHUNK + (64 << 10)}) {
      byte[] b = new byte[size];
      random.nextBytes(b);
      Files.write(dir.resolve("piece-" + size + ".bin"), b);
    }
    // A low limit sends the larger files through the one-file path and the rest through the
    // parallel one, in the same tree.
    for (EvidenceTree tree : List.of(EvidenceTree.of(dir, alg, null), EvidenceTree.of(dir, alg, null, 2 * EvidenceTree.CHUNK))) {
      for (EvidenceTree.FileEntry f : tree.files()) {
        byte[] content = Files.readAllBytes(dir.resolve(f.path()));
        assertThat(f.size()).isEqualTo(content.length);
        assertThat(f.hash()).as(f.path()).isEqualTo(referenceHex(alg, new byte[0], content));
        List<byte[]> leaves = f.chunkLeaves();
        assertThat(leaves).hasSize(Math.max(1, (content.length + EvidenceTree.CHUNK - 1) / EvidenceTree.CHUNK));
        for (int c = 0; c < leaves.size(); c++) {
          byte[] chunk = Arrays.copyOfRange(content, c * EvidenceTree.CHUNK, Math.min(content.length, (c + 1) * EvidenceTree.CHUNK));
          assertThat(io.dareg.core.crypto.Hashes.toHex(leaves.get(c))).as(f.path() + " chunk " + c)
              .isEqualTo(referenceHex(alg, new byte[] {0}, chunk));
        }
        assertThat(EvidenceTree.of(dir.resolve(f.path()), alg, null).root()).as(f.path()).isEqualTo(f.fileRoot());
      }
    }
  }

  /** H(prefix ‖ data) with Bouncy Castle's SM3 or the JDK's SHA-256, independent of dareg's code. */
  private static String referenceHex(HashAlgorithm alg, byte[] prefix, byte[] data) throws Exception {
    byte[] out = new byte[32];
    if (alg == HashAlgorithm.SM3) {
      org.bouncycastle.crypto.digests.SM3Digest d = new org.bouncycastle.crypto.digests.SM3Digest();
      d.update(prefix, 0, prefix.length);
      d.update(data, 0, data.length);
      d.doFinal(out, 0);
    } else {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      d.update(prefix);
      out = d.digest(data);
    }
    return io.dareg.core.crypto.Hashes.toHex(out);
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void reports_progress_of_a_tree_in_order_up_to_its_total(HashAlgorithm alg) throws Exception {
    Path dir = mixedTree(tmp.resolve("progress-" + alg));
    List<long[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    EvidenceTree.of(dir, alg, (done, total) -> seen.add(new long[] {done, total}));
    assertThat(seen).isNotEmpty();
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)[0]).isGreaterThanOrEqualTo(seen.get(i - 1)[0]);
    }
    assertThat(seen.get(seen.size() - 1)).containsExactly(25_379_058L, 25_379_058L);
  }
}
