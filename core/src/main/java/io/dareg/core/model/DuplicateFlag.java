package io.dareg.core.model;

import java.time.Instant;

/**
 * The same data applied for in two registries (一数多登, issue 25): an application whose evidence hash
 * (or Merkle root) is already the basis of a live registration of another registry. Only the hash
 * is compared; the flag names both registrations so that both registries see it in their queues.
 *
 * @param regNo the later application
 * @param registry its registry's code
 * @param otherRegNo the registration already resting on the same hash
 * @param otherRegistry that registration's registry code
 * @param algorithm the hash algorithm
 * @param hash the hash (or Merkle root) both rest on
 * @param flaggedAt when the later application was made
 */
public record DuplicateFlag(
    String regNo, String registry, String otherRegNo, String otherRegistry, HashAlgorithm algorithm, String hash, Instant flaggedAt) {
  /** Validates every field. */
  public DuplicateFlag {
    regNo = Require.identifier("regNo", regNo);
    registry = RegistryRecord.requireCode("registry", registry);
    otherRegNo = Require.identifier("otherRegNo", otherRegNo);
    otherRegistry = RegistryRecord.requireCode("otherRegistry", otherRegistry);
    Require.present("algorithm", algorithm);
    Require.present("hash", hash);
    Require.present("flaggedAt", flaggedAt);
  }
}
