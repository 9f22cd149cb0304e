package io.dareg.core.api;

import io.dareg.core.cert.Voucher;
import io.dareg.core.model.Require;

/**
 * Issue 25, between ledgers: a registrar flags its registration as resting on data a peer registry already registered,
 * with the peer's signed answer to its duplicate check (a {@code registered-hash} voucher from the peer's
 * {@code GET /public/hashes/{hash}/voucher}).
 *
 * @param regNo the registration of the registrar's own registry
 * @param voucher the peer's voucher naming its registrations on one of this registration's evidence hashes
 */
public record PeerDuplicateRequest(String regNo, Voucher voucher) {
  /** Validates both fields. */
  public PeerDuplicateRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("voucher", voucher);
  }
}
