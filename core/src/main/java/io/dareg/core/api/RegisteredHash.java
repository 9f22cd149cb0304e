package io.dareg.core.api;

import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Require;
import java.util.List;

/**
 * Issue 25: the live registrations of a ledger that rest on a hash (a whole-file hash or Merkle root), as the ledger's
 * registry answers another registry's duplicate check (一数多登); signed by its issuing key as a {@code registered-hash}
 * voucher at {@code GET /public/hashes/{hash}/voucher}. Only numbers and the hash: nothing confidential.
 *
 * @param registry the code of the ledger's first registry, whose key signs the voucher
 * @param hash the hash asked about
 * @param regNos the live registrations resting on it, possibly none
 */
public record RegisteredHash(String registry, String hash, List<String> regNos) {
  /** Validates every field. */
  public RegisteredHash {
    registry = RegistryRecord.requireCode("registry", registry);
    hash = Require.hash("hash", hash);
    regNos = Require.list("regNos", regNos, 100);
  }
}
