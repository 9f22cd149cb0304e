package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * Names a hash to look up: a whole-file hash or a Merkle root, as {@code dareg hash} prints them,
 * under either algorithm (SM3 and SHA-256 digests have the same length).
 *
 * @param hash the hash, 64 lowercase hex digits
 */
public record HashRequest(String hash) {
  /** Validates the hash. */
  public HashRequest {
    hash = Require.hash("hash", hash);
  }
}
