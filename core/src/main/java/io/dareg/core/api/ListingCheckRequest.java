package io.dareg.core.api;

import io.dareg.core.cert.Voucher;
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
 * @param voucher for an asset of a registry on another ledger (a peer registry): the listing-check voucher the exchange
 *     got there today, signed by that registry's key; the check here rests on it. Null for an asset on this ledger
 */
public record ListingCheckRequest(String regNo, String venue, Voucher voucher) {
  /** Validates every field. */
  public ListingCheckRequest {
    regNo = Require.identifier("regNo", regNo);
    venue = venue == null ? null : RegistryRecord.requireCode("venue", venue);
  }

  /** A check against the registration's own registry. */
  public ListingCheckRequest(String regNo) {
    this(regNo, null, null);
  }

  /** A check at a venue relying on registry {@code venue}, of an asset on this ledger. */
  public ListingCheckRequest(String regNo, String venue) {
    this(regNo, venue, null);
  }
}
