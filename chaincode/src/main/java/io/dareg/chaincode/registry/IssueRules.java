package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/**
 * Issue and renewal (REQUIREMENTS.md §4): a registration is issued after its public notice with no
 * objection pending, for the profile's term capped by the authorisation agreement or the data's own
 * validity (issue 20), and renewed inside the profile's window.
 */
final class IssueRules {
  private final ProfileCatalog profiles;

  IssueRules(ProfileCatalog profiles) {
    this.profiles = profiles;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("issue", RegNoRequest.class, this::issue);
    d.submit("renew", RegNoRequest.class, this::renew);
  }

  Registration issue(Tx tx, RegNoRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    List<String> pending = tx.pendingObjections(r.regNo());
    if (!pending.isEmpty()) {
      throw RuleException.conflict("objections " + pending + " are pending on " + r.regNo());
    }
    tx.requireStatus(r, "issue", RegistrationStatus.PUBLIC_NOTICE);
    if (tx.time().isBefore(r.noticeEnd())) {
      throw RuleException.conflict(
          "the public notice of " + r.regNo() + " runs until " + r.noticeEnd() + "; issue after it ends");
    }
    requireCapsAhead(tx, r);
    Profile profile = profiles.get(r.profile());
    Instant term = profile.validity() == null ? null : Guards.plus(tx.time(), profile.validity());
    Validity v = cappedValidity(profile, r, term, "issue");
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.ISSUED)
            .issuedAt(tx.time())
            .validity(tx.time(), v.until())
            .validityBasis(v.basis()));
  }

  Registration renew(Tx tx, RegNoRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    Profile profile = profiles.get(r.profile());
    if (profile.renewalWindow() == null || r.validUntil() == null) {
      throw RuleException.conflict(
          "under profile " + profile.code() + " certificates do not expire, so there is nothing to renew");
    }
    tx.requireEffective(r, "renew", EnumSet.of(RegistrationStatus.ISSUED, RegistrationStatus.EXPIRED));
    Instant opens = Guards.minus(r.validUntil(), profile.renewalWindow());
    if (profile.renewalAfterExpiry()) {
      // DL's annual review (年审): the holder may ask for it after the year has ended, without a limit.
      if (tx.time().isBefore(opens)) {
        throw RuleException.conflict(
            "the annual review of " + r.regNo() + " is possible from " + opens + ", also after expiry (profile "
                + profile.code() + ")");
      }
    } else {
      Instant closes = Guards.plus(r.validUntil(), profile.renewalGrace());
      if (tx.time().isBefore(opens) || tx.time().isAfter(closes)) {
        throw RuleException.conflict(
            "renewal of " + r.regNo() + " is possible from " + opens + " until " + closes
                + " (profile " + profile.code() + ")");
      }
    }
    // An annual review after expiry (and grace) starts a new term from the review, leaving the gap uncovered.
    boolean lapsed = tx.time().isAfter(Guards.plus(r.validUntil(), profile.renewalGrace()));
    Instant from = lapsed ? tx.time() : r.validFrom();
    Instant termStart = lapsed ? tx.time() : r.validUntil();
    Validity v = cappedValidity(profile, r, Guards.plus(termStart, profile.renewalTerm()), "renew");
    if (!v.until().isAfter(termStart)) {
      throw RuleException.conflict(
          "renewal of " + r.regNo() + " cannot run past " + v.basis() + ", and its validity already ends "
              + r.validUntil() + ": apply for a change registration (applyForChange) with the new end date first");
    }
    tx.endCertificate(r, CertificateStatus.SUPERSEDED, "renewed");
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.ISSUED)
            .validity(from, v.until())
            .validityBasis(v.basis())
            .certificateNo(null));
  }

  // --- issue 20: validity capped by the authorisation agreement or the data's own validity ----

  /** The end of a validity and what set it, in words. */
  record Validity(Instant until, String basis) {}

  /**
   * The validity's end: the profile's {@code term} end (null when certificates do not expire), or
   * the end of the last day of the authorisation agreement or of the data's own validity when that
   * is earlier (TJ-DIP, GZ, SD-DIP, TJ-STD). Refuses when a cap has already passed.
   */
  static Validity cappedValidity(Profile profile, Registration r, Instant term, String action) {
    Instant until = term;
    String basis =
        term == null
            ? "profile " + profile.code() + ": certificates do not expire"
            : "profile " + profile.code() + " term (" + (action.equals("issue") ? profile.validity() : profile.renewalTerm()) + ")";
    Object[][] caps = {
      {r.authorisationEnds(), "the authorisation agreement, which ends on "},
      {r.dataValidUntil(), "the data's own validity, which ends on "}
    };
    for (Object[] cap : caps) {
      java.time.LocalDate day = (java.time.LocalDate) cap[0];
      if (day == null) {
        continue;
      }
      Instant end = day.plusDays(1).atStartOfDay(io.dareg.core.model.ChinaTime.ZONE).toInstant();
      if (until == null || end.isBefore(until)) {
        until = end;
        basis = "capped by " + cap[1] + day + (term == null ? "" : " (before the " + basis + " ends on " + term + ")");
      }
    }
    return new Validity(until, basis);
  }

  /** Issue 20: refuses to issue when a validity cap of the application has already passed. */
  static void requireCapsAhead(Tx tx, Registration r) {
    for (java.time.LocalDate day : new java.time.LocalDate[] {r.authorisationEnds(), r.dataValidUntil()}) {
      if (day != null && day.isBefore(tx.date())) {
        throw RuleException.conflict(
            r.regNo() + " rests on " + (day == r.authorisationEnds() ? "an authorisation agreement" : "data")
                + " whose validity ended on " + day + "; a registration cannot be issued past it: reject the application"
                + " or have the applicant submit again with a valid agreement");
      }
    }
  }
}
