package io.dareg.core.model;

import java.time.Instant;

/**
 * An evidence deposit (存证): the hash of data fixed on the ledger before registration, so that a
 * third party can later check the original data against it with a public algorithm.
 *
 * @param evidenceNo the evidence number, derived from the depositing transaction
 * @param algorithm SHA-256 or SM3
 * @param hash the whole-content hash, 64 hex characters
 * @param merkleRoot the Merkle root over the content's chunks and files, or null
 * @param size the content's size in bytes
 * @param channel the evidence channel (存证渠道) that fixed it, e.g. {@code dareg}
 * @param notaryRef the notary and notarial certificate number, or null
 * @param declaredBy the account that deposited it
 * @param depositedAt when (transaction time)
 * @param txId the depositing transaction
 */
public record Evidence(
    String evidenceNo,
    HashAlgorithm algorithm,
    String hash,
    String merkleRoot,
    long size,
    String channel,
    String notaryRef,
    String declaredBy,
    Instant depositedAt,
    String txId) {
  /** Validates every field. */
  public Evidence {
    evidenceNo = Require.identifier("evidenceNo", evidenceNo);
    Require.present("algorithm", algorithm);
    hash = Require.hash("hash", hash);
    merkleRoot = Require.optionalHash("merkleRoot", merkleRoot);
    Require.notNegative("size", size);
    channel = Require.text("channel", channel, 100);
    notaryRef = Require.optionalText("notaryRef", notaryRef, 200);
    declaredBy = Require.identifier("declaredBy", declaredBy);
    Require.present("depositedAt", depositedAt);
    txId = Require.text("txId", txId, 200);
  }
}
