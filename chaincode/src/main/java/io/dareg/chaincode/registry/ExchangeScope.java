package io.dareg.chaincode.registry;

import io.dareg.core.api.ConfidentialAccess;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.DisputeStatus;
import io.dareg.core.model.ListingCheck;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Role;
import io.dareg.core.model.Trade;
import java.time.Duration;
import java.time.Instant;

/**
 * What an exchange may read of what others recorded (issue 20 item 7, issue 21 item 9): the trades
 * its organisation recorded, with their deliveries and vouchers, and the listing checks its
 * organisation recorded; and a registration's confidential material only while it has an open
 * listing check or trade for that asset. Regulators, the registry and the parties read as before.
 *
 * <p>Open means, for the exchange's organisation and that asset: a listing check it recorded within
 * the last {@link #LISTING_WINDOW} of transaction time (passed or not: the check is how an exchange
 * examines an asset before listing it), or a trade it recorded that is not finished. A trade is
 * finished once it is settled, no dispute is open, and it has at least one delivery and every
 * delivery under it is completed or deleted.
 */
final class ExchangeScope {
  /** How long a listing check keeps an asset's confidential material open to the exchange that recorded it. */
  static final Duration LISTING_WINDOW = Duration.ofDays(30);

  void declare(RegistryTransactions.Declarations d) {
    d.evaluate("getConfidentialAccess", RegNoRequest.class, this::confidentialAccess);
  }

  /** Whether the caller may read the registration's confidential material, and why; FORBIDDEN when not. */
  ConfidentialAccess confidentialAccess(Tx tx, RegNoRequest req) {
    Registration r = tx.registration(req.regNo());
    RegistryRecord owner = tx.access.registry(RegistryRecord.codeOf(r.regNo()));
    String registryMsp = owner == null ? tx.access.settings().registryMsp() : owner.msp();
    Role role = tx.access.role();
    String account = tx.access.accountId();
    String basis;
    if (account != null && r.holders().contains(account)) {
      basis = "holder (account " + account + ")";
    } else if (role == Role.REGISTRAR && tx.access.caller().msp().equals(registryMsp)) {
      basis = "registrar";
    } else if (role == Role.REGULATOR) {
      basis = "regulator";
    } else if (role == Role.EXCHANGE) {
      basis = openBasis(tx, r.regNo());
      if (basis == null) {
        throw RuleException.forbidden(
            "an exchange reads the confidential material of " + r.regNo() + " only while it has an open listing check (recorded by "
                + tx.access.caller().msp() + " in the last " + LISTING_WINDOW.toDays() + " days) or an unfinished trade of it;"
                + " record a listing check (recordListingCheck) first");
      }
    } else {
      throw RuleException.forbidden(
          "the confidential material of " + r.regNo() + " is for its holders, the registry, regulators, and exchanges with an open"
              + " listing check or trade of it; " + tx.access.caller().identity() + (role == null ? " has no role" : " is " + role));
    }
    return new ConfidentialAccess(r.regNo(), r.confidentialHash(), basis);
  }

  /** The caller's open listing check or unfinished trade of {@code regNo}, in words, or null. */
  private static String openBasis(Tx tx, String regNo) {
    String msp = tx.access.caller().msp();
    Instant since = tx.time().minus(LISTING_WINDOW);
    for (String no : tx.store.indexed(Keys.LISTING_CHECK.all(regNo))) {
      ListingCheck c = tx.store.require(Keys.LISTING_CHECK.record(no), ListingCheck.class, "listing check " + no);
      if (c.checkedBy().msp().equals(msp) && c.checkedAt().isAfter(since)) {
        return "listing check " + no + " of " + c.checkedAt();
      }
    }
    for (String no : tx.store.indexed(Keys.TRADE.all(regNo))) {
      Trade t = tx.store.require(Keys.TRADE.record(no), Trade.class, "trade " + no);
      if (t.exchange().equals(msp) && !finished(tx, t)) {
        return "trade " + no;
      }
    }
    return null;
  }

  /** Settled, no dispute open, and delivered: at least one delivery, each completed or deleted. */
  private static boolean finished(Tx tx, Trade t) {
    if (t.settledAt() == null || t.dispute() == DisputeStatus.DISPUTED) {
      return false;
    }
    boolean any = false;
    for (String no : tx.store.indexed(Keys.DELIVERY.all(t.tradeNo()))) {
      Delivery d = tx.store.require(Keys.DELIVERY.record(no), Delivery.class, "delivery " + no);
      if (d.completedAt() == null && d.deletedAt() == null) {
        return false;
      }
      any = true;
    }
    return any;
  }
}
