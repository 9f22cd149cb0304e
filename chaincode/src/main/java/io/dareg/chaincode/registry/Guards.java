package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.HolderShare;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.TimeSpan;
import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.List;

/**
 * Checks over records already read, shared by several rule classes; the ones that read the ledger
 * are on {@link Tx}. Each refuses with a {@link RuleException} that says what is wrong and how to
 * fix it.
 */
final class Guards {
  private Guards() {}

  static RuleException wrongState(Registration r, Instant now, String action, String needed) {
    return RuleException.conflict(
        "cannot " + action + " " + r.regNo() + " while it is " + r.effectiveStatus(now)
            + "; it must be " + needed);
  }

  static String describe(RegistrationStatus... allowed) {
    if (allowed.length == 1) {
      return allowed[0].name();
    }
    return "one of " + Arrays.toString(allowed);
  }

  /** Refuses to {@code action} a registration while an active pledge rests on it. */
  static void refuseWhilePledged(Registration r, List<Encumbrance> encumbrances, String action) {
    for (Encumbrance e : encumbrances) {
      if (e.active() && e.kind() == EncumbranceKind.PLEDGE) {
        throw RuleException.conflict(
            "cannot " + action + " " + r.regNo() + ": it is pledged to " + e.counterparty() + " ("
                + e.encumbranceNo() + "); the pledgee must release the pledge first");
      }
    }
  }

  /** Refuses an asset of a classification the profile does not register. */
  static void checkAsset(Profile profile, AssetDescription asset) {
    if (profile.refusedClassifications().contains(asset.classification())) {
      throw RuleException.invalid(
          "asset.classification",
          asset.classification() + " (" + asset.classification().label() + ") cannot be registered under profile "
              + profile.code());
    }
  }

  /**
   * The holders' shares of an application (资产权益比例, GD): none, or exactly one per holder (the sum,
   * 100%, is checked by the request).
   */
  static List<HolderShare> shares(List<String> holders, List<HolderShare> shares) {
    if (shares.isEmpty()) {
      return shares;
    }
    List<String> named = shares.stream().map(HolderShare::account).toList();
    if (named.size() != holders.size() || !named.containsAll(holders) || named.stream().distinct().count() != named.size()) {
      throw RuleException.invalid(
          "shares", "name each holder " + holders + " exactly once; they name " + named);
    }
    return shares;
  }

  /** Refuses a licence of scenarios the registration does not permit (an empty list licenses those it permits). */
  static void requirePermittedScenarios(Registration r, List<String> scenarios) {
    List<String> outside = scenarios.stream().filter(s -> !r.asset().scenarios().contains(s)).toList();
    if (!outside.isEmpty()) {
      throw RuleException.invalid(
          "scenarios",
          "scenarios " + outside + " are not permitted by " + r.regNo() + ", which permits only " + r.asset().scenarios());
    }
  }

  /** True when two terms share a day (an open end runs on). */
  static boolean overlap(TimeSpan a, TimeSpan b) {
    boolean aEndsBeforeB = a.until() != null && a.until().isBefore(b.from());
    boolean bEndsBeforeA = b.until() != null && b.until().isBefore(a.from());
    return !aEndsBeforeB && !bEndsBeforeA;
  }

  /** {@code from} plus a calendar period, in China time. */
  static Instant plus(Instant from, Period period) {
    return from.atZone(ChinaTime.ZONE).plus(period).toInstant();
  }

  /** {@code from} minus a calendar period, in China time. */
  static Instant minus(Instant from, Period period) {
    return from.atZone(ChinaTime.ZONE).minus(period).toInstant();
  }
}
