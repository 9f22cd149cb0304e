package io.dareg.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A mutual recognition agreement (互认) between two registries on the ledger (issue 25): within its
 * scope and term, each registry's registrations count at the other as if they were its own, so a
 * trading venue of one needs no second registration of an asset registered at the other. Proposed by
 * one registry's admin, in force once the other registry's admin accepts it; either may withdraw it.
 * Each of those acts is a signed request of that admin, so neither registry can enter or end an
 * agreement in the other's name.
 *
 * @param agreementNo the agreement's number
 * @param proposer the code of the registry that proposed it
 * @param counterparty the code of the registry asked to accept it
 * @param profiles the profiles whose registrations it covers; empty for every profile
 * @param assetClasses the asset classes it covers; empty for every class
 * @param rightTypes the right types it covers; empty for every right type
 * @param validFrom when it starts to recognise
 * @param validUntil when it stops, or null for no end
 * @param status where it stands
 * @param proposedBy the proposer's admin
 * @param proposedAt when it was proposed
 * @param acceptedBy the counterparty's admin that accepted it, or null
 * @param acceptedAt when, or null
 * @param withdrawnBy the admin that withdrew it, or null
 * @param withdrawnAt when, or null
 */
public record Recognition(
    String agreementNo,
    String proposer,
    String counterparty,
    List<String> profiles,
    List<AssetClass> assetClasses,
    List<RightType> rightTypes,
    Instant validFrom,
    Instant validUntil,
    RecognitionStatus status,
    IdentityRef proposedBy,
    Instant proposedAt,
    IdentityRef acceptedBy,
    Instant acceptedAt,
    IdentityRef withdrawnBy,
    Instant withdrawnAt) {
  /** Validates every field. */
  public Recognition {
    agreementNo = Require.identifier("agreementNo", agreementNo);
    proposer = RegistryRecord.requireCode("proposer", proposer);
    counterparty = RegistryRecord.requireCode("counterparty", counterparty);
    if (proposer.equals(counterparty)) {
      throw new InvalidInputException("counterparty", "a registry recognises another registry, not itself (" + proposer + ")");
    }
    profiles = Require.list("profiles", profiles, 50);
    assetClasses = Require.list("assetClasses", assetClasses, AssetClass.values().length);
    rightTypes = Require.list("rightTypes", rightTypes, RightType.values().length);
    Require.present("validFrom", validFrom);
    if (validUntil != null && !validUntil.isAfter(validFrom)) {
      throw new InvalidInputException("validUntil", "must be after validFrom (" + validFrom + "), not " + validUntil);
    }
    Require.present("status", status);
    Require.present("proposedBy", proposedBy);
    Require.present("proposedAt", proposedAt);
  }

  /** True when {@code registry} is one of the agreement's two registries. */
  public boolean party(String registry) {
    return proposer.equals(registry) || counterparty.equals(registry);
  }

  /** True when the agreement is signed by both, not withdrawn, and {@code at} is inside its term. */
  public boolean inForce(Instant at) {
    return status == RecognitionStatus.ACTIVE && !at.isBefore(validFrom) && (validUntil == null || at.isBefore(validUntil));
  }

  /**
   * True when, in force at {@code at}, the agreement makes a registration of profile {@code profile},
   * class {@code assetClass} and right {@code rightType} at one of its registries count at the other.
   */
  public boolean covers(String profile, AssetClass assetClass, RightType rightType, Instant at) {
    return inForce(at)
        && (profiles.isEmpty() || profiles.contains(profile))
        && (assetClasses.isEmpty() || assetClasses.contains(assetClass))
        && (rightTypes.isEmpty() || rightTypes.contains(rightType));
  }

  /** This agreement accepted by {@code by} at {@code at}. */
  public Recognition accepted(IdentityRef by, Instant at) {
    return new Recognition(agreementNo, proposer, counterparty, profiles, assetClasses, rightTypes, validFrom, validUntil,
        RecognitionStatus.ACTIVE, proposedBy, proposedAt, by, at, null, null);
  }

  /** This agreement withdrawn by {@code by} at {@code at}. */
  public Recognition withdrawn(IdentityRef by, Instant at) {
    return new Recognition(agreementNo, proposer, counterparty, profiles, assetClasses, rightTypes, validFrom, validUntil,
        RecognitionStatus.WITHDRAWN, proposedBy, proposedAt, acceptedBy, acceptedAt, by, at);
  }
}
