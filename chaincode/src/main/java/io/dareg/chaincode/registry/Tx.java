package io.dareg.chaincode.registry;

import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.model.Account;
import io.dareg.core.model.AssetClass;
import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.ChangeStatus;
import io.dareg.core.model.ChinaTime;
import io.dareg.core.model.Consent;
import io.dareg.core.model.Delivery;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Objection;
import io.dareg.core.model.Recognition;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.RightType;
import io.dareg.core.model.Role;
import io.dareg.core.model.Trade;
import io.dareg.core.model.Transfer;
import io.dareg.core.model.TransferBasis;
import io.dareg.core.model.TransferStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One transaction as the rules see it: its state, its caller's access and its time, and the reads,
 * writes and guards more than one rule class needs (so that no rule class calls another).
 */
final class Tx {
  final WorldState ws;
  final Store store;
  final Access access;

  Tx(WorldState ws, RecordCodec codec) {
    this.ws = ws;
    this.store = new Store(ws, codec);
    this.access = new Access(store);
  }

  String id() {
    return ws.txId();
  }

  Instant time() {
    return ws.txTime();
  }

  /** The identity that signed the transaction. */
  Caller caller() {
    return ws.caller();
  }

  /** The transaction's date in China. */
  LocalDate date() {
    return ws.txTime().atZone(ChinaTime.ZONE).toLocalDate();
  }

  // --- registrations ---------------------------------------------------------------------------

  Registration registration(String regNo) {
    return store.require(Keys.registration(regNo), Registration.class, "registration " + regNo);
  }

  /** Stores a new registration with its status and holder index entries. */
  void create(Registration r) {
    store.put(Keys.registration(r.regNo()), r);
    store.mark(Keys.byStatus(r.status(), r.regNo()));
    for (String holder : r.holders()) {
      store.mark(Keys.byHolder(holder, r.regNo()));
    }
  }

  /** Builds the next version of {@code before} at this transaction, stores it and returns it. */
  Registration saved(Registration before, Registration.Builder next) {
    Registration after = next.build(id(), time());
    save(before, after);
    return after;
  }

  /**
   * Stores the next version of a registration and moves its index entries along. An act dated before
   * the last one recorded for the registration is refused (issue 23): on Fabric a proposal's time is
   * its client's to choose within the registry's skew, and must not reorder a registration's history
   * (a notice that ends before it began, an issue before its notice).
   */
  void save(Registration before, Registration after) {
    if (before.updatedAt() != null && after.updatedAt() != null && after.updatedAt().isBefore(before.updatedAt())) {
      throw RuleException.conflict("registration " + before.regNo() + " was last changed at " + before.updatedAt()
          + ", and this act is dated " + after.updatedAt() + ", before it: an act cannot be dated before the last one"
          + " recorded for the same registration; send it again with the current time");
    }
    access.requireActsFor(after.regNo());
    store.put(Keys.registration(after.regNo()), after);
    if (before.status() != after.status()) {
      store.delete(Keys.byStatus(before.status(), before.regNo()));
      store.mark(Keys.byStatus(after.status(), after.regNo()));
    }
    if (!before.holders().equals(after.holders())) {
      for (String holder : before.holders()) {
        store.delete(Keys.byHolder(holder, before.regNo()));
      }
      for (String holder : after.holders()) {
        store.mark(Keys.byHolder(holder, after.regNo()));
      }
    }
  }

  /** Requires the stored status to be one of {@code allowed}, and not derived-expired or lapsed. */
  void requireStatus(Registration r, String action, RegistrationStatus... allowed) {
    RegistrationStatus effective = r.effectiveStatus(time());
    for (RegistrationStatus s : allowed) {
      if (effective == s) {
        requireValidityRunning(r, action);
        return;
      }
    }
    throw Guards.wrongState(r, time(), action, Guards.describe(allowed));
  }

  /** Requires the effective status to be one of {@code allowed}; in force unless EXPIRED is allowed. */
  void requireEffective(Registration r, String action, Set<RegistrationStatus> allowed) {
    if (!allowed.contains(r.effectiveStatus(time()))) {
      throw Guards.wrongState(r, time(), action, allowed.toString());
    }
    if (!allowed.contains(RegistrationStatus.EXPIRED)) {
      requireValidityRunning(r, action);
    }
  }

  /** Requires a registration not yet issued. */
  void requireBeforeIssue(Registration r, String action) {
    if (!r.effectiveStatus(time()).beforeIssue()) {
      throw Guards.wrongState(r, time(), action, "before issue");
    }
  }

  /**
   * Issue 20: an ISSUED registration whose validity ended is not in force, although no sweep has
   * recorded its expiry yet; acts that need it in force are refused until it is renewed.
   */
  void requireValidityRunning(Registration r, String action) {
    if (r.validityEnded(time())) {
      throw RuleException.conflict(
          "cannot " + action + " " + r.regNo() + ": its validity ended at " + r.validUntil()
              + " (not yet swept: the next sweep records it EXPIRED); renew it inside the profile's window");
    }
  }

  /** The encumbrances recorded against a registration, active or released, in number order. */
  List<Encumbrance> encumbrances(String regNo) {
    List<Encumbrance> out = new ArrayList<>();
    for (String no : store.indexed(Keys.ENCUMBRANCE.all(regNo))) {
      out.add(store.require(Keys.ENCUMBRANCE.record(no), Encumbrance.class, "encumbrance " + no));
    }
    return out;
  }

  void refuseWhilePledged(Registration r, String action) {
    Guards.refuseWhilePledged(r, encumbrances(r.regNo()), action);
  }

  // --- certificates ----------------------------------------------------------------------------

  /** Ends the registration's active certificate, if it has one. */
  void endCertificate(Registration r, CertificateStatus status, String why) {
    endCertificate(r, status, why, null);
  }

  /** Ends the registration's active certificate, if it has one, naming its successor when known. */
  void endCertificate(Registration r, CertificateStatus status, String why, String replacedBy) {
    if (r.certificateNo() == null) {
      return;
    }
    CertificateRecord current =
        store.require(Keys.CERTIFICATE.record(r.certificateNo()), CertificateRecord.class, "certificate " + r.certificateNo());
    if (current.status() == CertificateStatus.ACTIVE) {
      store.put(Keys.CERTIFICATE.record(current.certNo()), current.ended(status, replacedBy, why));
    }
  }

  // --- objections and changes ------------------------------------------------------------------

  Objection objection(String no) {
    return store.require(Keys.OBJECTION.record(no), Objection.class, "objection " + no);
  }

  /** The numbers of the objections pending on a registration. */
  List<String> pendingObjections(String regNo) {
    List<String> out = new ArrayList<>();
    for (String no : store.indexed(Keys.OBJECTION.all(regNo))) {
      if (objection(no).status().pending()) {
        out.add(no);
      }
    }
    return out;
  }

  /** The objections registered after issue on a registration and still pending (shown on the certificate). */
  List<String> objectionsAfterIssue(String regNo) {
    List<String> out = new ArrayList<>();
    for (String no : store.indexed(Keys.OBJECTION.all(regNo))) {
      Objection o = objection(no);
      if (o.afterIssue() && o.status().pending()) {
        out.add(no);
      }
    }
    return out;
  }

  /**
   * Issue 25: the recognition agreement in force now under which registry {@code venue} takes a registration of
   * {@code registry} (of that profile, class and right) as its own; null when none covers it.
   */
  Recognition recognition(String venue, String registry, String profile, AssetClass assetClass, RightType rightType) {
    for (Recognition a : store.all(Keys.RECOGNITIONS, Recognition.class)) {
      if (a.party(venue) && a.party(registry) && a.covers(profile, assetClass, rightType, time())) {
        return a;
      }
    }
    return null;
  }

  /** Stores an objection's next version. */
  Objection save(Objection o) {
    access.requireActsFor(o.regNo());
    store.put(Keys.OBJECTION.record(o.objectionNo()), o);
    return o;
  }

  /** Stores an objection that is no longer pending and takes it off the open list the sweep reads. */
  Objection close(Objection ended) {
    store.delete(Keys.openObjection(ended.objectionNo()));
    return save(ended);
  }

  ChangeApplication change(String changeNo) {
    return store.require(Keys.CHANGE.record(changeNo), ChangeApplication.class, "change application " + changeNo);
  }

  /** The change or correction application of a registration not decided yet, or null. */
  ChangeApplication pendingChange(String regNo) {
    return store.first(Keys.CHANGE, regNo, ChangeApplication.class, "change application", c -> c.status() == ChangeStatus.APPLIED);
  }

  // --- accounts and transfers ------------------------------------------------------------------

  /** An open account; NOT_FOUND or CONFLICT naming the request's {@code field}. */
  Account openAccount(String accountId, String field) {
    Account a = store.find(Keys.account(accountId), Account.class);
    if (a == null) {
      throw RuleException.notFound("account " + accountId + " (" + field + ") does not exist");
    }
    if (!a.open()) {
      throw RuleException.conflict("account " + accountId + " (" + field + ") is closed");
    }
    return a;
  }

  /** Deposits {@code req} for {@code accountId}, numbered and indexed by its hashes (depositEvidence, register). */
  Evidence deposit(String accountId, DepositEvidenceRequest req) {
    String evidenceNo = store.newNumber("EV", Keys::evidence);
    Evidence evidence =
        new Evidence(
            evidenceNo, req.algorithm(), req.hash(), req.merkleRoot(), req.size(), req.channel(),
            req.notaryRef(), accountId, time(), id());
    store.put(Keys.evidence(evidenceNo), evidence);
    store.mark(Keys.EVIDENCE_BY_HASH.entry(req.algorithm(), req.hash(), evidenceNo));
    if (req.merkleRoot() != null) {
      store.mark(Keys.EVIDENCE_BY_ROOT.entry(req.algorithm(), req.merkleRoot(), evidenceNo));
    }
    return evidence;
  }

  /** The open account {@code to} that a registration goes to, which must not hold it already. */
  Account recipient(Registration r, String to) {
    Account a = openAccount(to, "to");
    if (r.holders().contains(to)) {
      throw RuleException.invalid("to", "account " + to + " already holds " + r.regNo());
    }
    return a;
  }

  Transfer transfer(String no) {
    return store.require(Keys.TRANSFER.record(no), Transfer.class, "transfer " + no);
  }

  /** The registration's transfer proposed and not yet completed or declined, or null. */
  Transfer openTransfer(String regNo) {
    return store.first(Keys.TRANSFER, regNo, Transfer.class, "transfer", x -> x.status() == TransferStatus.PROPOSED);
  }

  /**
   * Records a transfer of {@code r} to {@code to} with the consents it has so far, PROPOSED;
   * CONFLICT while another transfer of it is open.
   */
  Transfer proposeTransfer(Registration r, String to, String documentHash, Instant acceptedAt, List<Consent> consents) {
    Transfer open = openTransfer(r.regNo());
    if (open != null) {
      throw RuleException.conflict(
          "transfer " + open.transferNo() + " to " + open.to() + " is still open; it must be accepted or declined first");
    }
    String transferNo = store.newNumber("TR", Keys.TRANSFER::record);
    Transfer t =
        new Transfer(
            transferNo, r.regNo(), TransferBasis.AGREEMENT, r.holders(), to, documentHash,
            TransferStatus.PROPOSED, time(), null, acceptedAt, consents);
    store.put(Keys.TRANSFER.record(transferNo), t);
    store.mark(Keys.TRANSFER.entry(r.regNo(), transferNo));
    return t;
  }

  /** Completes a transfer: the recipient becomes the sole holder and the certificate in force is superseded. */
  Transfer completeTransfer(Registration r, Transfer t) {
    Transfer done = t.ended(TransferStatus.COMPLETED, time());
    store.put(Keys.TRANSFER.record(t.transferNo()), done);
    endCertificate(r, CertificateStatus.SUPERSEDED, "transferred by " + t.transferNo());
    saved(r, r.toBuilder().holders(List.of(t.to())).consents(List.of()).shares(List.of()).certificateNo(null));
    return done;
  }

  /** A delivery, refused to an exchange when the trade it falls under is another organisation's. */
  Delivery scopedDelivery(String deliveryNo) {
    Delivery d = store.require(Keys.DELIVERY.record(deliveryNo), Delivery.class, "delivery " + deliveryNo);
    if (access.role() == Role.EXCHANGE) {
      access.requireOwnTrade(store.require(Keys.TRADE.record(d.tradeNo()), Trade.class, "trade " + d.tradeNo()));
    }
    return d;
  }
}
