package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.ChangeDecisionRequest;
import io.dareg.core.api.ChangeRequest;
import io.dareg.core.api.IdRequest;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.ChangeStatus;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Change and correction registration after issue (变更登记 / 更正登记: SZ, TJ-DIP; GD 变动登记 within
 * 10 working days): the holder applies with the changed registered data and a reason; the registry
 * decides within the profile's change review period (a late decision shows as overdue, the
 * applicant is not refused); on approval the registration's data is changed, its certificate is
 * superseded and the registrar records a new one (DL art. 29), the history keeping both versions;
 * a refusal states its grounds and changes nothing.
 */
final class ChangeRules {
  private final ProfileCatalog profiles;
  private final LedgerCalendar calendar;

  ChangeRules(ProfileCatalog profiles, LedgerCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("applyForChange", ChangeRequest.class, this::apply);
    d.submit("approveChange", ChangeDecisionRequest.class, this::approve);
    d.submit("refuseChange", ChangeDecisionRequest.class, this::refuse);
    d.evaluate("getChange", IdRequest.class, (tx, r) -> tx.change(r.id()));
  }

  ChangeApplication apply(Tx tx, ChangeRequest req) {
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    tx.requireStatus(r, "apply for a change of", RegistrationStatus.ISSUED);
    ChangeApplication open = tx.pendingChange(r.regNo());
    if (open != null) {
      throw RuleException.conflict(
          "change application " + open.changeNo() + " of " + r.regNo() + " is still under review (due "
              + open.reviewDue() + "); wait for its decision before applying again");
    }
    Profile profile = profiles.get(r.profile());
    if (req.asset() != null) {
      Guards.checkAsset(profile, req.asset());
    }
    requireFuture(tx, req.authorisationEnds(), "authorisationEnds");
    requireFuture(tx, req.dataValidUntil(), "dataValidUntil");
    Instant due = calendar.deadline(tx, profile.changeReview());
    String changeNo = tx.store.newNumber("CH", Keys.CHANGE::record);
    ChangeApplication c =
        new ChangeApplication(
            changeNo, r.regNo(), req.kind(), tx.caller().identity(), req.asset(), req.authorisationEnds(),
            req.dataValidUntil(), req.confidentialHash(), req.reason(), req.reasonHash(), ChangeStatus.APPLIED,
            tx.time(), due, null, null, null, null);
    tx.store.put(Keys.CHANGE.record(changeNo), c);
    tx.store.mark(Keys.CHANGE.entry(r.regNo(), changeNo));
    tx.store.mark(Keys.openChange(changeNo));
    return c;
  }

  ChangeApplication approve(Tx tx, ChangeDecisionRequest req) {
    tx.access.registrar();
    ChangeApplication c = undecided(tx, req.changeNo());
    Registration r = tx.registration(c.regNo());
    tx.requireStatus(r, "change", RegistrationStatus.ISSUED);
    Registration.Builder next = r.toBuilder();
    if (c.asset() != null) {
      Guards.checkAsset(profiles.get(r.profile()), c.asset());
      next.asset(c.asset());
    }
    if (c.confidentialHash() != null) {
      next.confidentialHash(c.confidentialHash());
    }
    LocalDate authorisationEnds = c.authorisationEnds() != null ? c.authorisationEnds() : r.authorisationEnds();
    LocalDate dataValidUntil = c.dataValidUntil() != null ? c.dataValidUntil() : r.dataValidUntil();
    requireFuture(tx, authorisationEnds, "authorisationEnds");
    requireFuture(tx, dataValidUntil, "dataValidUntil");
    next.validityCaps(authorisationEnds, dataValidUntil);
    // A change may shorten the validity to a new cap; it never lengthens it (that is a renewal).
    for (LocalDate day : new LocalDate[] {authorisationEnds, dataValidUntil}) {
      if (day == null) {
        continue;
      }
      Instant end = day.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant();
      Registration current = next.build(tx.id(), tx.time());
      if (current.validUntil() == null || end.isBefore(current.validUntil())) {
        next.validity(current.validFrom(), end)
            .validityBasis("capped by " + (day == authorisationEnds ? "the authorisation agreement" : "the data's own validity")
                + ", which ends on " + day + " (change " + c.changeNo() + ")");
      }
    }
    String old = r.certificateNo();
    tx.endCertificate(r, CertificateStatus.SUPERSEDED, c.kind().label() + " " + c.changeNo());
    tx.saved(r, next.certificateNo(null));
    return decided(tx, c.decided(ChangeStatus.APPROVED, tx.time(), req.decisionHash(), req.reason(), old));
  }

  ChangeApplication refuse(Tx tx, ChangeDecisionRequest req) {
    tx.access.registrar();
    ChangeApplication c = undecided(tx, req.changeNo());
    if (req.reason() == null || req.decisionHash() == null) {
      throw RuleException.invalid(
          req.reason() == null ? "reason" : "decisionHash",
          "a refusal states its grounds: give the reason in words and the hash of the written decision");
    }
    return decided(tx, c.decided(ChangeStatus.REFUSED, tx.time(), req.decisionHash(), req.reason(), null));
  }

  private static ChangeApplication decided(Tx tx, ChangeApplication c) {
    tx.access.requireActsFor(c.regNo());
    tx.store.put(Keys.CHANGE.record(c.changeNo()), c);
    tx.store.delete(Keys.openChange(c.changeNo()));
    return c;
  }

  private static ChangeApplication undecided(Tx tx, String changeNo) {
    ChangeApplication c = tx.change(changeNo);
    if (c.status() != ChangeStatus.APPLIED) {
      throw RuleException.conflict("change application " + changeNo + " was already decided: " + c.status());
    }
    return c;
  }

  private static void requireFuture(Tx tx, LocalDate day, String field) {
    if (day != null && day.isBefore(tx.date())) {
      throw RuleException.invalid(field, day + " has passed: a registration cannot rest on an agreement or data no longer valid");
    }
  }
}
