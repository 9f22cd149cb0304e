package io.dareg.chaincode.registry;

import io.dareg.core.api.ListingCheckRequest;
import io.dareg.core.cert.Voucher;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.PeerRegistry;
import io.dareg.core.model.Recognition;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 25, between ledgers: a listing check here of an asset registered at a peer registry, resting on the listing-check
 * voucher the same exchange organisation got at the peer today. The voucher is checked against the peer's root as this
 * ledger's registry admin entered it, so neither the exchange nor this ledger's operator can make up what the peer said;
 * the peer's own check is what says whether the asset is issued, in force and unencumbered there.
 */
final class PeerListingChecks {
  private PeerListingChecks() {}

  /** The check of {@code req} (an asset of {@code peer}) at a venue of this ledger; INVALID when its voucher does not hold. */
  static ListingCheck check(Tx tx, ListingCheckRequest req, PeerRegistry peer) {
    Voucher voucher = req.voucher();
    if (voucher == null) {
      throw RuleException.invalid("voucher", req.regNo() + " is registered at " + peer.code() + " on another ledger (" + peer.url()
          + "): record a listing check there and hand in its voucher (GET /listing-checks/{id}/voucher)");
    }
    PeerVouchers.requireSignedBy(peer, voucher, "listing-check");
    ListingCheck there = PeerVouchers.record(voucher, ListingCheck.class, "a listing check");
    String msp = tx.access.caller().msp();
    if (!there.regNo().equals(req.regNo()) || !there.checkedBy().msp().equals(msp)
        || !there.checkedAt().atZone(ChinaTime.ZONE).toLocalDate().equals(tx.date())) {
      throw RuleException.invalid("voucher", "is check " + there.checkNo() + " of " + there.regNo() + " by " + there.checkedBy().msp()
          + " on " + there.checkedAt() + "; this check needs one of " + req.regNo() + " by " + msp + " today (" + tx.date() + ")");
    }
    List<String> obstacles = new ArrayList<>(there.obstacles());
    String venue = req.venue() != null ? tx.access.requireRegistry(req.venue()).code() : tx.access.settings().code();
    Recognition recognition = there.profile() == null || there.assetClass() == null ? null
        : tx.recognition(venue, peer.code(), there.profile(), there.assetClass(), there.rightType());
    if (recognition == null) {
      obstacles.add("registered at registry " + peer.code() + " on another ledger, which registry " + venue + " does not recognise for it:"
          + " no recognition agreement between them in force now covers its profile " + there.profile() + ", class "
          + there.assetClass() + " and right " + there.rightType());
    }
    String no = tx.store.newNumber("LC", Keys.LISTING_CHECK::record);
    return new ListingCheck(no, there.regNo(), tx.access.caller().identity(), tx.time(), there.status(), there.rightType(),
        there.holders(), there.certificateNo(), there.certificateValid(), there.pledgedTo(), there.licensedTo(),
        there.pendingObjections(), obstacles.isEmpty(), obstacles, venue, recognition == null ? null : recognition.agreementNo(),
        there.profile(), there.assetClass());
  }
}
