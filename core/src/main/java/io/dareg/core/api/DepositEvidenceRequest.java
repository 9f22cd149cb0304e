package io.dareg.core.api;

import io.dareg.core.model.HashAlgorithm;
import io.dareg.core.model.Require;

/**
 * Deposits the hash of data as evidence (存证) before registration; only the hash leaves the holder.
 *
 * @param algorithm SHA-256 or SM3
 * @param hash the whole-content hash
 * @param merkleRoot the Merkle root over chunks and files, or null
 * @param size the content's size in bytes
 * @param channel the evidence channel, e.g. {@code dareg}
 * @param notaryRef notary and notarial certificate number, or null
 */
public record DepositEvidenceRequest(
    HashAlgorithm algorithm,
    String hash,
    String merkleRoot,
    long size,
    String channel,
    String notaryRef) {
  /** Validates every field. */
  public DepositEvidenceRequest {
    Require.present("algorithm", algorithm);
    hash = Require.hash("hash", hash);
    merkleRoot = Require.optionalHash("merkleRoot", merkleRoot);
    Require.notNegative("size", size);
    channel = Require.text("channel", channel, 100);
    notaryRef = Require.optionalText("notaryRef", notaryRef, 200);
  }
}
