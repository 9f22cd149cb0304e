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
}
