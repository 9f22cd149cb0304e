package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.time.Instant;

/**
 * Objections during public notice: anyone may object under a real name with evidence; the
 * registration pauses; the holder answers; the registry upholds (rejecting the registration) or
 * dismisses (resuming the notice). Ownership disputes go to court: the objector has the profile's
 * filing period (15 days) to show a filing, else the objection lapses and the procedure resumes.
 */
final class ObjectionRules {
  private final ProfileCatalog profiles;
  private final LedgerCalendar calendar;

  ObjectionRules(ProfileCatalog profiles, LedgerCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("raiseObjection", RaiseObjectionRequest.class, this::raise);
    d.submit("answerObjection", ObjectionActionRequest.class, this::answer);
    d.submit("referObjectionToCourt", ObjectionActionRequest.class, this::referToCourt);
    d.submit("recordCourtFiling", ObjectionActionRequest.class, this::recordCourtFiling);
    d.submit("resolveObjection", ResolveObjectionRequest.class, this::resolve);
    // issue 20: objection registration after issue
    d.submit("forwardObjection", ObjectionActionRequest.class, this::forward);
  }

  Objection raise(Tx tx, RaiseObjectionRequest req) {
    tx.access.settings();
    Registration r = tx.registration(req.regNo());
    String account = tx.access.accountId();
    if (account != null && r.holders().contains(account)) {
      throw RuleException.forbidden("a holder cannot object to its own registration " + r.regNo());
    }
    tx.requireStatus(r, "object to", RegistrationStatus.PUBLIC_NOTICE, RegistrationStatus.OBJECTION_PENDING, RegistrationStatus.ISSUED);
    if (r.status() == RegistrationStatus.ISSUED) {
      return registerAfterIssue(tx, r, req);
    }
    if (!tx.time().isBefore(r.noticeEnd())) {
      throw RuleException.conflict(
          "the public notice of " + r.regNo() + " ended at " + r.noticeEnd() + "; objections are closed");
    }
    String objectionNo = tx.store.newNumber("OB", Keys.OBJECTION::record);
    Objection o =
        new Objection(
            objectionNo, r.regNo(), req.kind(), tx.caller().identity(), req.groundsHash(), req.evidenceHash(),
            ObjectionStatus.RAISED, tx.time(), null, null, null, null, null, null, null, null, null);
    tx.store.put(Keys.OBJECTION.record(objectionNo), o);
    tx.store.mark(Keys.OBJECTION.entry(r.regNo(), objectionNo));
    if (r.status() != RegistrationStatus.OBJECTION_PENDING) {
      tx.saved(r, r.toBuilder().status(RegistrationStatus.OBJECTION_PENDING));
    }
    return o;
  }

  Objection answer(Tx tx, ObjectionActionRequest req) {
    Objection o = tx.objection(req.objectionNo());
    tx.access.holderOf(tx.registration(o.regNo()));
    requireDocument(req, "the answer");
    if (o.afterIssue() && o.status().pending() && o.answeredAt() == null) {
      // issue 20: the record stays on the certificate until the filing period ends or the registry resolves it
      return tx.save(o.with(o.status(), req.documentHash(), tx.time(), null, null, null, null));
    }
    if (o.status() != ObjectionStatus.RAISED) {
      throw RuleException.conflict("objection " + o.objectionNo() + " is " + o.status() + "; only a RAISED one is answered");
    }
    return tx.save(o.with(ObjectionStatus.ANSWERED, req.documentHash(), tx.time(), null, null, null, null));
  }

  Objection referToCourt(Tx tx, ObjectionActionRequest req) {
    tx.access.registrar();
    Objection o = tx.objection(req.objectionNo());
    if (o.kind() != ObjectionKind.OWNERSHIP) {
      throw RuleException.conflict(
          "objection " + o.objectionNo() + " is " + o.kind() + "; only ownership disputes go to court");
    }
    if (o.status() != ObjectionStatus.RAISED && o.status() != ObjectionStatus.ANSWERED) {
      throw RuleException.conflict("objection " + o.objectionNo() + " is " + o.status() + "; it cannot be referred");
    }
    Profile profile = profiles.get(tx.registration(o.regNo()).profile());
    Instant due = calendar.deadline(tx, profile.objectionFiling());
    return tx.save(o.with(ObjectionStatus.AWAITING_FILING, null, null, due, null, null, null));
  }

  Objection recordCourtFiling(Tx tx, ObjectionActionRequest req) {
    Objection o = tx.objection(req.objectionNo());
    if (!o.objector().equals(tx.caller().identity())) {
      throw RuleException.forbidden("only the objector " + o.objector() + " records the court filing");
    }
    requireDocument(req, "the court or arbitration filing");
    if (o.status() != ObjectionStatus.AWAITING_FILING) {
      throw RuleException.conflict("objection " + o.objectionNo() + " is " + o.status() + ", not AWAITING_FILING");
    }
    if (tx.time().isAfter(o.filingDeadline())) {
      throw RuleException.conflict(
          "the filing was due by " + o.filingDeadline() + "; objection " + o.objectionNo() + " has lapsed");
    }
    return tx.save(o.with(ObjectionStatus.FILED, null, null, null, req.documentHash(), null, null));
  }

  Objection resolve(Tx tx, ResolveObjectionRequest req) {
    tx.access.registrar();
    Objection o = tx.objection(req.objectionNo());
    if (!o.status().pending()) {
      throw RuleException.conflict("objection " + o.objectionNo() + " was already resolved: " + o.status());
    }
    if (req.outcome() == ObjectionStatus.LAPSED) {
      if (o.status() != ObjectionStatus.AWAITING_FILING) {
        throw RuleException.conflict("only an objection awaiting a court filing can lapse");
      }
      if (!tx.time().isAfter(o.filingDeadline())) {
        throw RuleException.conflict(
            "the objector may show a filing until " + o.filingDeadline() + "; it has not lapsed yet");
      }
    }
    Objection resolved = tx.close(o.with(req.outcome(), null, null, null, null, tx.time(), req.outcomeHash()));
    Registration r = tx.registration(o.regNo());
    if (r.status() != RegistrationStatus.OBJECTION_PENDING) {
      return resolved;
    }
    if (req.outcome() == ObjectionStatus.UPHELD) {
      tx.saved(r,
          r.toBuilder()
              .status(RegistrationStatus.REJECTED)
              .reason(req.outcomeHash(), "objection " + o.objectionNo() + " upheld"));
    } else if (tx.pendingObjections(r.regNo()).stream().allMatch(o.objectionNo()::equals)) {
      tx.saved(r, r.toBuilder().status(RegistrationStatus.PUBLIC_NOTICE));
    }
    return resolved;
  }

  // --- issue 20: objection registration after issue (异议登记, SZ; forwarding TJ-DIP; answer GD) ---

  /**
   * An objection to an issued registration is recorded on its certificate: the objector has the
   * profile's filing period (SZ: 15 days) to show a court or arbitration filing, else the sweep
   * removes the record; the registry forwards it to the holder within the profile's forwarding period
   * (TJ-DIP: 3 working days). The registration stays ISSUED.
   */
  private Objection registerAfterIssue(Tx tx, Registration r, RaiseObjectionRequest req) {
    Profile profile = profiles.get(r.profile());
    io.dareg.chaincode.profile.WorkingCalendar days = calendar.of(tx.store);
    Instant filingDue = days.deadline(tx.time(), profile.objectionFiling());
    Instant forwardDue = days.deadline(tx.time(), profile.objectionForwarding());
    String objectionNo = tx.store.newNumber("OB", Keys.OBJECTION::record);
    Objection o =
        new Objection(
            objectionNo, r.regNo(), req.kind(), tx.caller().identity(), req.groundsHash(), req.evidenceHash(),
            ObjectionStatus.AWAITING_FILING, tx.time(), null, null, filingDue, null, null, null, forwardDue, null, null);
    tx.store.put(Keys.OBJECTION.record(objectionNo), o);
    tx.store.mark(Keys.OBJECTION.entry(r.regNo(), objectionNo));
    tx.store.mark(Keys.openObjection(objectionNo));
    // The record on the certificate is a fact of the registration's history.
    tx.saved(r, r.toBuilder());
    return o;
  }

  /** The registry records that it forwarded an objection registered after issue to the holder. */
  Objection forward(Tx tx, ObjectionActionRequest req) {
    tx.access.registrar();
    Objection o = tx.objection(req.objectionNo());
    if (!o.afterIssue()) {
      throw RuleException.conflict(
          "objection " + o.objectionNo() + " was raised during the public notice; only objections registered after issue are forwarded");
    }
    if (!o.status().pending()) {
      throw RuleException.conflict("objection " + o.objectionNo() + " was already resolved: " + o.status());
    }
    if (o.forwardedAt() != null) {
      throw RuleException.conflict("objection " + o.objectionNo() + " was forwarded at " + o.forwardedAt());
    }
    Profile profile = profiles.get(tx.registration(o.regNo()).profile());
    Instant answerDue = calendar.deadline(tx, profile.objectionAnswer());
    return tx.save(o.forwarded(tx.time(), answerDue));
  }

  private static void requireDocument(ObjectionActionRequest req, String what) {
    if (req.documentHash() == null) {
      throw RuleException.invalid("documentHash", "give the hash of " + what);
    }
  }
}
