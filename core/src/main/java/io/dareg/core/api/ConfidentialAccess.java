package io.dareg.core.api;

import io.dareg.core.model.Require;

/**
 * The rules' answer to "may this caller read the confidential material of this registration?":
 * given only when it may, with the hash the material is kept under off the ledger.
 *
 * @param regNo the registration
 * @param confidentialHash the hash of its confidential material, or null when it has none
 * @param basis why the caller may read it, in words: {@code holder}, {@code registrar}, {@code
 *     regulator}, or the exchange's open listing check or trade by number
 */
public record ConfidentialAccess(String regNo, String confidentialHash, String basis) {
  /** Requires the registration and the basis. */
  public ConfidentialAccess {
    regNo = Require.identifier("regNo", regNo);
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
    basis = Require.text("basis", basis, 200);
  }
}
