package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * What an exchange or regulator saw when it checked an asset for listing (挂牌审核), recorded on the
 * ledger so the exchange keeps evidence of what it saw and when.
 *
 * @param checkNo the check's number
 * @param regNo the asset checked
 * @param checkedBy who asked
 * @param checkedAt when (the transaction's time)
 * @param status the registration's status as of that time (expiry applied)
 * @param rightType the right registered
 * @param holders the holders' accounts
 * @param certificateNo the certificate in force, or null
 * @param certificateValid true when that certificate is ACTIVE and within its validity
 * @param pledgedTo the accounts holding an active pledge
 * @param licensedTo the accounts holding an active licence
 * @param pendingObjections the numbers of the objections pending
 * @param listable true when nothing below stands in the way of a trade
 * @param obstacles what stands in the way of a trade, in words; empty when listable
 * @param venue issue 25: the registry the listing venue relies on, when the exchange named one other than
 *     the registration's own; null otherwise
 * @param recognition issue 25: the recognition agreement the check relied on to accept a registration of
 *     another registry than the venue's, or null
 * @param profile issue 25: the registration's profile (what an agreement's scope is judged by), or null on a check before
 * @param assetClass issue 25: the asset's class, or null on a check before
 */
public record ListingCheck(
    String checkNo,
    String regNo,
    IdentityRef checkedBy,
    Instant checkedAt,
    RegistrationStatus status,
    RightType rightType,
    List<String> holders,
    String certificateNo,
    boolean certificateValid,
    List<String> pledgedTo,
    List<String> licensedTo,
    List<String> pendingObjections,
    boolean listable,
    List<String> obstacles,
    String venue,
    String recognition,
    String profile,
    AssetClass assetClass) {
  /** Validates every field. */
  public ListingCheck {
    checkNo = Require.identifier("checkNo", checkNo);
    regNo = Require.identifier("regNo", regNo);
    Require.present("checkedBy", checkedBy);
    Require.present("checkedAt", checkedAt);
    Require.present("status", status);
    Require.present("rightType", rightType);
    holders = Require.list("holders", holders, 20);
    certificateNo = Require.optionalIdentifier("certificateNo", certificateNo);
    pledgedTo = Require.list("pledgedTo", pledgedTo, 1000);
    licensedTo = Require.list("licensedTo", licensedTo, 1000);
    pendingObjections = Require.list("pendingObjections", pendingObjections, 1000);
    obstacles = Require.list("obstacles", obstacles, 20);
    if (listable != obstacles.isEmpty()) {
      throw new InvalidInputException("listable", "must be true exactly when there are no obstacles");
    }
    venue = venue == null ? null : RegistryRecord.requireCode("venue", venue);
    recognition = Require.optionalIdentifier("recognition", recognition);
    profile = Require.optionalIdentifier("profile", profile);
  }

  /** A check against the registration's own registry, as before issue 25. */
  public ListingCheck(String checkNo, String regNo, IdentityRef checkedBy, Instant checkedAt, RegistrationStatus status,
      RightType rightType, List<String> holders, String certificateNo, boolean certificateValid, List<String> pledgedTo,
      List<String> licensedTo, List<String> pendingObjections, boolean listable, List<String> obstacles) {
    this(checkNo, regNo, checkedBy, checkedAt, status, rightType, holders, certificateNo, certificateValid, pledgedTo, licensedTo,
        pendingObjections, listable, obstacles, null, null, null, null);
  }
}
