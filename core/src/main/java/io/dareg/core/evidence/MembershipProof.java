package io.dareg.core.evidence;

import io.dareg.core.crypto.Hashes;
import io.dareg.core.crypto.MerkleTree;
import io.dareg.core.model.HashAlgorithm;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Proof that a file (or one chunk of it) belongs to a registered evidence tree: the file's entry and
 * the Merkle path from it to the root, and for a chunk the path from the chunk to the file's root.
 * Anyone holding the file can check it against the root on the ledger with a public algorithm.
 *
 * @param algorithm SHA256 or SM3
 * @param root the tree's root, hex (the evidence's merkleRoot)
 * @param path the file's path in the tree, or null when the tree is that single file
 * @param size the file's size
 * @param fileRoot the Merkle root over the file's chunks, hex
 * @param chunkIndex for a chunk proof, the chunk's index; else null
 * @param chunkLeaf for a chunk proof, the chunk's leaf hash {@code H(0x00 ‖ chunk)}, hex; else null
 * @param chunkSteps the path from the chunk leaf to {@code fileRoot} (empty for a file proof)
 * @param steps the path from the file's entry leaf to {@code root} (empty for a single file)
 */
public record MembershipProof(
    HashAlgorithm algorithm,
    String root,
    String path,
    long size,
    String fileRoot,
    Integer chunkIndex,
    String chunkLeaf,
    List<MerkleTree.Step> chunkSteps,
    List<MerkleTree.Step> steps) {

  /** Defensive copies. */
  public MembershipProof {
    chunkSteps = List.copyOf(chunkSteps);
    steps = List.copyOf(steps);
  }

  /** True when the proof's parts lead to its root. */
  public boolean verify() {
    byte[] file = Hashes.fromHex(fileRoot);
    if (chunkLeaf != null && !Arrays.equals(MerkleTree.rootFromPath(algorithm, Hashes.fromHex(chunkLeaf), chunkSteps), file)) {
      return false;
    }
    byte[] top = path == null ? file : MerkleTree.rootFromPath(algorithm, EvidenceTree.fileLeaf(algorithm, path, size, file), steps);
    return Arrays.equals(top, Hashes.fromHex(root));
  }

  /** True when the proof holds and {@code chunk} is the chunk it speaks of. */
  public boolean verifyChunk(byte[] chunk) {
    if (chunkLeaf == null) {
      return false;
    }
    MessageDigest md = Hashes.newDigest(algorithm);
    md.update(EvidenceTree.CHUNK_TAG);
    md.update(chunk);
    return Hashes.toHex(md.digest()).equals(chunkLeaf) && verify();
  }
}
