package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.core.api.ObjectionActionRequest;
import io.dareg.core.api.RaiseObjectionRequest;
import io.dareg.core.api.ResolveObjectionRequest;
import io.dareg.core.model.Objection;
import io.dareg.core.model.ObjectionKind;
import io.dareg.core.model.ObjectionStatus;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Objections during public notice: anyone may object under a real name with evidence; the
 * registration pauses; the holder answers; the registry upholds (rejecting the registration) or
 * dismisses (resuming the notice). Ownership disputes go to court: the objector has the profile's
 * filing period (15 days) to show a filing, else the objection lapses and the procedure resumes.
 */
final class ObjectionRules {
  private final Registry registry;

  ObjectionRules(Registry registry) {
    this.registry = registry;
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

  /** The numbers of the objections pending on a registration. */
  static List<String> pendingObjections(Tx tx, String regNo) {
    List<String> out = new ArrayList<>();
    for (String no : tx.store.indexed(Keys.objectionsOf(regNo))) {
      Objection o = tx.store.require(Keys.objection(no), Objection.class, "objection " + no);
      if (o.status().pending()) {
        out.add(no);
      }
    }
    return out;
  }

  Objection raise(WorldState ws, RaiseObjectionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.settings();
    Registration r = tx.registration(req.regNo());
    String account = tx.access.accountId();
    if (account != null && r.holders().contains(account)) {
      throw RuleException.forbidden("a holder cannot object to its own registration " + r.regNo());
    }
    RegistrationRules.requireStatus(
        tx, r, "object to", RegistrationStatus.PUBLIC_NOTICE, RegistrationStatus.OBJECTION_PENDING, RegistrationStatus.ISSUED);
    if (r.status() == RegistrationStatus.ISSUED) {
      return registerAfterIssue(tx, ws, r, req);
    }
    if (!tx.time().isBefore(r.noticeEnd())) {
      throw RuleException.conflict(
          "the public notice of " + r.regNo() + " ended at " + r.noticeEnd() + "; objections are closed");
    }
    String objectionNo = tx.store.newNumber("OB", Keys::objection);
    Objection o =
        new Objection(
            objectionNo, r.regNo(), req.kind(), ws.caller().identity(), req.groundsHash(), req.evidenceHash(),
            ObjectionStatus.RAISED, tx.time(), null, null, null, null, null, null, null, null, null);
    tx.store.put(Keys.objection(objectionNo), o);
    tx.store.mark(Keys.objectionOf(r.regNo(), objectionNo));
    if (r.status() != RegistrationStatus.OBJECTION_PENDING) {
      RegistrationRules.saved(tx, r, r.toBuilder().status(RegistrationStatus.OBJECTION_PENDING));
    }
    return o;
  }

  Objection answer(WorldState ws, ObjectionActionRequest req) {
    Tx tx = registry.tx(ws);
    Objection o = objection(tx, req.objectionNo());
    tx.access.holderOf(tx.registration(o.regNo()));
    requireDocument(req, "the answer");
    if (o.afterIssue() && o.status().pending() && o.answeredAt() == null) {
      // issue 20: the record stays on the certificate until the filing period ends or the registry resolves it
      return save(tx, o.with(o.status(), req.documentHash(), tx.time(), null, null, null, null));
    }
    if (o.status() != ObjectionStatus.RAISED) {
      throw RuleException.conflict("objection " + o.objectionNo() + " is " + o.status() + "; only a RAISED one is answered");
    }
    return save(tx, o.with(ObjectionStatus.ANSWERED, req.documentHash(), tx.time(), null, null, null, null));
  }

  Objection referToCourt(WorldState ws, ObjectionActionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Objection o = objection(tx, req.objectionNo());
    if (o.kind() != ObjectionKind.OWNERSHIP) {
      throw RuleException.conflict(
          "objection " + o.objectionNo() + " is " + o.kind() + "; only ownership disputes go to court");
    }
    if (o.status() != ObjectionStatus.RAISED && o.status() != ObjectionStatus.ANSWERED) {
      throw RuleException.conflict("objection " + o.objectionNo() + " is " + o.status() + "; it cannot be referred");
    }
    Profile profile = registry.profile(tx.registration(o.regNo()).profile());
    Instant due = registry.calendar(tx.store).deadline(tx.time(), profile.objectionFiling());
    return save(tx, o.with(ObjectionStatus.AWAITING_FILING, null, null, due, null, null, null));
  }

  Objection recordCourtFiling(WorldState ws, ObjectionActionRequest req) {
    Tx tx = registry.tx(ws);
    Objection o = objection(tx, req.objectionNo());
    if (!o.objector().equals(ws.caller().identity())) {
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
    return save(tx, o.with(ObjectionStatus.FILED, null, null, null, req.documentHash(), null, null));
  }

  Objection resolve(WorldState ws, ResolveObjectionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Objection o = objection(tx, req.objectionNo());
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
    Objection resolved = save(tx, o.with(req.outcome(), null, null, null, null, tx.time(), req.outcomeHash()));
    tx.store.delete(Keys.openObjection(o.objectionNo()));
    Registration r = tx.registration(o.regNo());
    if (r.status() != RegistrationStatus.OBJECTION_PENDING) {
      return resolved;
    }
    if (req.outcome() == ObjectionStatus.UPHELD) {
      RegistrationRules.saved(
          tx,
          r,
          r.toBuilder()
              .status(RegistrationStatus.REJECTED)
              .reason(req.outcomeHash(), "objection " + o.objectionNo() + " upheld"));
    } else if (pendingObjections(tx, r.regNo()).stream().allMatch(o.objectionNo()::equals)) {
      RegistrationRules.saved(tx, r, r.toBuilder().status(RegistrationStatus.PUBLIC_NOTICE));
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
  private Objection registerAfterIssue(Tx tx, WorldState ws, Registration r, RaiseObjectionRequest req) {
    Profile profile = registry.profile(r.profile());
    io.dareg.chaincode.profile.WorkingCalendar calendar = registry.calendar(tx.store);
    Instant filingDue = calendar.deadline(tx.time(), profile.objectionFiling());
    Instant forwardDue = calendar.deadline(tx.time(), profile.objectionForwarding());
    String objectionNo = tx.store.newNumber("OB", Keys::objection);
    Objection o =
        new Objection(
            objectionNo, r.regNo(), req.kind(), ws.caller().identity(), req.groundsHash(), req.evidenceHash(),
            ObjectionStatus.AWAITING_FILING, tx.time(), null, null, filingDue, null, null, null, forwardDue, null, null);
    tx.store.put(Keys.objection(objectionNo), o);
    tx.store.mark(Keys.objectionOf(r.regNo(), objectionNo));
    tx.store.mark(Keys.openObjection(objectionNo));
    // The record on the certificate is a fact of the registration's history.
    RegistrationRules.saved(tx, r, r.toBuilder());
    return o;
  }

  /** The registry records that it forwarded an objection registered after issue to the holder. */
  Objection forward(WorldState ws, ObjectionActionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Objection o = objection(tx, req.objectionNo());
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
    Profile profile = registry.profile(tx.registration(o.regNo()).profile());
    Instant answerDue = registry.calendar(tx.store).deadline(tx.time(), profile.objectionAnswer());
    return save(tx, o.forwarded(tx.time(), answerDue));
  }

  /** The sweep: the objector showed no filing in time, so the record is removed. */
  static Objection lapse(Tx tx, Objection o) {
    tx.store.delete(Keys.openObjection(o.objectionNo()));
    return save(tx, o.with(ObjectionStatus.LAPSED, null, null, null, null, tx.time(), null));
  }

  /** The objections registered after issue on a registration and still pending (shown on the certificate). */
  static List<String> registeredAfterIssue(Tx tx, String regNo) {
    List<String> out = new ArrayList<>();
    for (String no : tx.store.indexed(Keys.objectionsOf(regNo))) {
      Objection o = objection(tx, no);
      if (o.afterIssue() && o.status().pending()) {
        out.add(no);
      }
    }
    return out;
  }

  private static Objection objection(Tx tx, String no) {
    return tx.store.require(Keys.objection(no), Objection.class, "objection " + no);
  }

  private static Objection save(Tx tx, Objection o) {
    tx.store.put(Keys.objection(o.objectionNo()), o);
    return o;
  }

  private static void requireDocument(ObjectionActionRequest req, String what) {
    if (req.documentHash() == null) {
      throw RuleException.invalid("documentHash", "give the hash of " + what);
    }
  }
}
