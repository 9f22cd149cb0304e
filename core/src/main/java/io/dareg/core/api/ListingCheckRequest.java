package io.dareg.core.api;

import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Require;

/**
 * An exchange (or regulator) checks what the ledger says of an asset before listing it.
 *
 * @param regNo the registration to check
 * @param venue the code of the registry the listing venue relies on (issue 25); absent for the
 *     registration's own registry. When it is another registry than the registration's, the asset
 *     passes only under a recognition agreement between the two in force now that covers it, and the
 *     check records which agreement it relied on
 */
public record ListingCheckRequest(String regNo, String venue) {
  /** Validates both fields. */
  public ListingCheckRequest {
    regNo = Require.identifier("regNo", regNo);
    venue = venue == null ? null : RegistryRecord.requireCode("venue", venue);
  }

  /** A check against the registration's own registry. */
  public ListingCheckRequest(String regNo) {
    this(regNo, null);
  }
}
