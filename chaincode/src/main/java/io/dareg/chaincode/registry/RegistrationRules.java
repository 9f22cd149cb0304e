package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.OrdinaryTrackOnly;
import io.dareg.chaincode.profile.Profile;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CancelRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.RevokeRequest;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.model.Account;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.CertificateStatus;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.EncumbranceKind;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Review;
import io.dareg.core.model.ReviewKind;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.RevocationBasis;
import io.dareg.core.model.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The registration lifecycle of REQUIREMENTS.md §4 from submission to cancellation: who may move a
 * registration, from which state, and when.
 */
final class RegistrationRules {
  private final Registry registry;

  RegistrationRules(Registry registry) {
    this.registry = registry;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("submit", SubmitRequest.class, this::submit);
    d.submit("confirmJointApplication", RegNoRequest.class, this::confirmJointApplication);
    d.submit("withdraw", DecisionRequest.class, this::withdraw);
    d.submit("startFormalReview", RegNoRequest.class, this::startFormalReview);
    d.submit("formalReview", FormalReviewRequest.class, this::formalReview);
    d.submit("correct", CorrectRequest.class, this::correct);
    d.submit("substantiveReview", SubstantiveReviewRequest.class, this::substantiveReview);
    d.submit("reject", DecisionRequest.class, this::reject);
    d.submit("publishNotice", RegNoRequest.class, this::publishNotice);
    d.submit("issue", RegNoRequest.class, this::issue);
    d.submit("renew", RegNoRequest.class, this::renew);
    d.submit("suspend", DecisionRequest.class, this::suspend);
    d.submit("resume", DecisionRequest.class, this::resume);
    d.submit("revoke", RevokeRequest.class, this::revoke);
    d.submit("abandon", DecisionRequest.class, this::abandon);
    d.submit("cancel", CancelRequest.class, this::cancel);
    // issue 20: review, profiles and disclosure
    d.submit("attachDocument", AttachDocumentRequest.class, this::attachDocument);
  }

  Registration submit(WorldState ws, SubmitRequest req) {
    Tx tx = registry.tx(ws);
    String applicant = tx.access.holder();
    Profile profile =
        registry.profile(req.profile() != null ? req.profile() : tx.access.settings().defaultProfile());
    checkAsset(profile, req.asset());
    checkTrack(profile, req.asset(), req.crossBorder());
    checkAttachments(profile, req.attachments());
    String regNo = tx.store.newNumber("DR", Keys::registration);
    List<String> holders = new ArrayList<>();
    holders.add(applicant);
    for (int i = 0; i < req.coHolders().size(); i++) {
      String co = req.coHolders().get(i);
      if (holders.contains(co)) {
        throw RuleException.invalid("coHolders[" + i + "]", co + " is already a holder of this application");
      }
      openAccount(tx, co, "coHolders[" + i + "]");
      holders.add(co);
    }
    List<Evidence> evidence = checkEvidence(tx, profile, applicant, req.evidenceNos(), regNo);
    Registration r =
        new Registration(
            regNo, profile.code(), RegistrationStatus.SUBMITTED, req.rightType(), req.asset(), holders,
            List.of(), ws.caller().identity(), req.evidenceNos(), req.confidentialHash(), 1, tx.time(),
            tx.time(), tx.id(), null, null, null, null, null, null, null, null, null, req.crossBorder(),
            req.attachments(), null, null, null,
            RightsRules.shares(holders, req.shares()), // issue 20: co-holders' shares
            req.authorisationEnds(), req.dataValidUntil(), null); // issue 20: validity caps
    tx.create(r);
    for (Evidence e : evidence) {
      tx.store.putText(Keys.registeredHash(e.algorithm(), e.hash()), regNo);
    }
    return r;
  }

  Registration confirmJointApplication(WorldState ws, RegNoRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    String account = tx.access.holderOf(r);
    if (account.equals(r.holders().get(0))) {
      throw RuleException.conflict("the applicant's account need not confirm its own application");
    }
    requireBeforeIssue(tx, r);
    if (r.consents().contains(account)) {
      throw RuleException.conflict("account " + account + " has already confirmed " + r.regNo());
    }
    List<String> consents = new ArrayList<>(r.consents());
    consents.add(account);
    return saved(tx, r, r.toBuilder().consents(consents));
  }

  Registration withdraw(WorldState ws, DecisionRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    String account = tx.access.holderOf(r);
    if (!account.equals(r.holders().get(0))) {
      throw RuleException.forbidden("only the applicant's account " + r.holders().get(0) + " may withdraw");
    }
    if (!r.status().beforeIssue()) {
      throw wrongState(r, tx.time(), "withdraw", "before issue");
    }
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.WITHDRAWN)
            .correctionDeadline(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration startFormalReview(WorldState ws, RegNoRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "start formal review of", RegistrationStatus.SUBMITTED);
    return saved(
        tx, r, r.toBuilder().status(RegistrationStatus.FORMAL_REVIEW).formalReviewDue(formalReviewDue(tx, r)));
  }

  Registration formalReview(WorldState ws, FormalReviewRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "record a formal review of", RegistrationStatus.FORMAL_REVIEW);
    recordReview(tx, r, ReviewKind.FORMAL, req.outcome(), req.opinionHash());
    switch (req.outcome()) {
      case PASS:
        if (!r.jointApplicationConfirmed()) {
          List<String> missing = new ArrayList<>(r.holders().subList(1, r.holders().size()));
          missing.removeAll(r.consents());
          throw RuleException.conflict(
              "co-holders " + missing + " have not confirmed the joint application (confirmJointApplication)");
        }
        return saved(tx, r, r.toBuilder().status(RegistrationStatus.SUBSTANTIVE_REVIEW));
      case NEEDS_CORRECTION:
        Profile profile = registry.profile(r.profile());
        Instant deadline = registry.calendar(tx.store).deadline(tx.time(), profile.correction());
        return saved(
            tx,
            r,
            r.toBuilder()
                .status(RegistrationStatus.NEEDS_CORRECTION)
                .correctionDeadline(deadline)
                .correctionLapse(profile.correctionLapse())
                .reason(req.opinionHash(), req.reason()));
      default:
        return saved(
            tx,
            r,
            r.toBuilder().status(RegistrationStatus.REJECTED).reason(req.opinionHash(), req.reason()));
    }
  }

  Registration correct(WorldState ws, CorrectRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    String account = tx.access.holderOf(r);
    RegistrationStatus lapsed = r.effectiveStatus(tx.time());
    if (r.status() == RegistrationStatus.NEEDS_CORRECTION && lapsed != RegistrationStatus.NEEDS_CORRECTION) {
      throw RuleException.conflict(
          "the correction deadline " + r.correctionDeadline() + " has passed: " + r.regNo()
              + (lapsed == RegistrationStatus.REJECTED
                  ? " is refused (correction not made in time, profile " + r.profile() + ")"
                  : " is deemed withdrawn"));
    }
    requireStatus(tx, r, "correct", RegistrationStatus.NEEDS_CORRECTION);
    Profile profile = registry.profile(r.profile());
    Registration.Builder next =
        r.toBuilder()
            .status(RegistrationStatus.FORMAL_REVIEW)
            .correctionDeadline(null)
            .formalReviewDue(formalReviewDue(tx, r));
    if (req.asset() != null) {
      checkAsset(profile, req.asset());
      next.asset(req.asset());
    }
    if (req.evidenceNos() != null) {
      List<Evidence> before = evidence(tx, r.evidenceNos());
      List<Evidence> after = checkEvidence(tx, profile, account, req.evidenceNos(), r.regNo());
      for (Evidence e : before) {
        tx.store.delete(Keys.registeredHash(e.algorithm(), e.hash()));
      }
      for (Evidence e : after) {
        tx.store.putText(Keys.registeredHash(e.algorithm(), e.hash()), r.regNo());
      }
      next.evidenceNos(req.evidenceNos());
    }
    if (req.confidentialHash() != null) {
      next.confidentialHash(req.confidentialHash());
    }
    return saved(tx, r, next);
  }

  Review substantiveReview(WorldState ws, SubstantiveReviewRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.require(Role.REVIEWER);
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "review", RegistrationStatus.SUBSTANTIVE_REVIEW);
    Review review = recordReview(tx, r, ReviewKind.SUBSTANTIVE, req.outcome(), req.opinionHash());
    // The opinion is a fact on the registration's history, so the registration moves to a new version.
    saved(tx, r, r.toBuilder());
    return review;
  }

  Registration reject(WorldState ws, DecisionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    if (!r.status().beforeIssue()) {
      throw wrongState(r, tx.time(), "reject", "before issue");
    }
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.REJECTED)
            .correctionDeadline(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration publishNotice(WorldState ws, RegNoRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "publish the notice of", RegistrationStatus.SUBSTANTIVE_REVIEW);
    Review latest =
        tx.store.all(Keys.reviews(r.regNo()), Review.class).stream()
            .filter(v -> v.kind() == ReviewKind.SUBSTANTIVE)
            .max(Comparator.comparing(Review::reviewedAt))
            .orElseThrow(
                () -> RuleException.conflict(r.regNo() + " has no substantive review opinion yet"));
    if (latest.outcome() != ReviewOutcome.PASS) {
      throw RuleException.conflict(
          "the latest substantive review " + latest.reviewNo() + " is " + latest.outcome()
              + ": reject the application or obtain a passing opinion");
    }
    Profile profile = registry.profile(r.profile());
    Instant end = registry.calendar(tx.store).deadline(tx.time(), profile.notice());
    return saved(tx, r, r.toBuilder().status(RegistrationStatus.PUBLIC_NOTICE).notice(tx.time(), end));
  }

  Registration issue(WorldState ws, RegNoRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    List<String> pending = ObjectionRules.pendingObjections(tx, r.regNo());
    if (!pending.isEmpty()) {
      throw RuleException.conflict("objections " + pending + " are pending on " + r.regNo());
    }
    requireStatus(tx, r, "issue", RegistrationStatus.PUBLIC_NOTICE);
    if (tx.time().isBefore(r.noticeEnd())) {
      throw RuleException.conflict(
          "the public notice of " + r.regNo() + " runs until " + r.noticeEnd() + "; issue after it ends");
    }
    requireCapsAhead(tx, r);
    Profile profile = registry.profile(r.profile());
    Instant term = profile.validity() == null ? null : Registry.plus(tx.time(), profile.validity());
    Validity v = cappedValidity(profile, r, term, "issue");
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.ISSUED)
            .issuedAt(tx.time())
            .validity(tx.time(), v.until())
            .validityBasis(v.basis()));
  }

  Registration renew(WorldState ws, RegNoRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    Profile profile = registry.profile(r.profile());
    if (profile.renewalWindow() == null || r.validUntil() == null) {
      throw RuleException.conflict(
          "under profile " + profile.code() + " certificates do not expire, so there is nothing to renew");
    }
    requireEffective(tx, r, "renew", EnumSet.of(RegistrationStatus.ISSUED, RegistrationStatus.EXPIRED));
    Instant opens = Registry.minus(r.validUntil(), profile.renewalWindow());
    if (profile.renewalAfterExpiry()) {
      // DL's annual review (年审): the holder may ask for it after the year has ended, without a limit.
      if (tx.time().isBefore(opens)) {
        throw RuleException.conflict(
            "the annual review of " + r.regNo() + " is possible from " + opens + ", also after expiry (profile "
                + profile.code() + ")");
      }
    } else {
      Instant closes = Registry.plus(r.validUntil(), profile.renewalGrace());
      if (tx.time().isBefore(opens) || tx.time().isAfter(closes)) {
        throw RuleException.conflict(
            "renewal of " + r.regNo() + " is possible from " + opens + " until " + closes
                + " (profile " + profile.code() + ")");
      }
    }
    // An annual review after expiry (and grace) starts a new term from the review, leaving the gap uncovered.
    boolean lapsed = tx.time().isAfter(Registry.plus(r.validUntil(), profile.renewalGrace()));
    Instant from = lapsed ? tx.time() : r.validFrom();
    Instant termStart = lapsed ? tx.time() : r.validUntil();
    Validity v = cappedValidity(profile, r, Registry.plus(termStart, profile.renewalTerm()), "renew");
    if (!v.until().isAfter(termStart)) {
      throw RuleException.conflict(
          "renewal of " + r.regNo() + " cannot run past " + v.basis() + ", and its validity already ends "
              + r.validUntil() + ": apply for a change registration (applyForChange) with the new end date first");
    }
    CertificateRules.endCurrent(tx, r, CertificateStatus.SUPERSEDED, "renewed");
    return saved(
        tx,
        r,
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

  Registration suspend(WorldState ws, DecisionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    Registration r = tx.registration(req.regNo());
    requireEffective(tx, r, "suspend", EnumSet.of(RegistrationStatus.ISSUED));
    return saved(
        tx, r, r.toBuilder().status(RegistrationStatus.SUSPENDED).reason(req.reasonHash(), req.reason()));
  }

  Registration resume(WorldState ws, DecisionRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "resume", RegistrationStatus.SUSPENDED);
    return saved(
        tx, r, r.toBuilder().status(RegistrationStatus.ISSUED).reason(req.reasonHash(), req.reason()));
  }

  Registration revoke(WorldState ws, RevokeRequest req) {
    Tx tx = registry.tx(ws);
    Role role = tx.access.require(Role.REGISTRAR, Role.REGULATOR);
    if (role == Role.REGULATOR && req.basis() != RevocationBasis.ORDER) {
      throw RuleException.forbidden("a regulator revokes by order: use basis ORDER with the order's reference");
    }
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "revoke", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    CertificateRules.endCurrent(tx, r, CertificateStatus.REVOKED, "revoked: " + req.basis());
    String why = req.basis() + (req.orderRef() == null ? "" : " " + req.orderRef()) + ": " + req.reason();
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.REVOKED)
            .certificateNo(null)
            .reason(req.reasonHash(), why.length() > 2000 ? why.substring(0, 2000) : why));
  }

  Registration abandon(WorldState ws, DecisionRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    requireStatus(tx, r, "abandon", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    refuseWhilePledged(tx, r, "abandon");
    CertificateRules.endCurrent(tx, r, CertificateStatus.CANCELLED, "abandoned");
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.ABANDONED)
            .certificateNo(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration cancel(WorldState ws, CancelRequest req) {
    Tx tx = registry.tx(ws);
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    requireStatus(tx, r, "cancel", RegistrationStatus.ISSUED, RegistrationStatus.SUSPENDED);
    CertificateRules.endCurrent(tx, r, CertificateStatus.CANCELLED, "cancelled: " + req.basis());
    Profile profile = registry.profile(r.profile());
    return saved(
        tx,
        r,
        r.toBuilder()
            .status(RegistrationStatus.CANCELLED)
            .certificateNo(null)
            .retainUntil(Registry.plus(tx.time(), profile.retention()))
            .reason(req.reasonHash(), req.basis() + ": " + req.reason()));
  }

  // issue 20: review, profiles and disclosure

  /** The holder adds a document reference (by hash; the document stays off the ledger) before issue. */
  Registration attachDocument(WorldState ws, AttachDocumentRequest req) {
    Tx tx = registry.tx(ws);
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    if (!r.effectiveStatus(tx.time()).beforeIssue()) {
      throw wrongState(r, tx.time(), "attach a document to", "before issue");
    }
    Attachment a = req.attachment();
    for (Attachment existing : r.attachments()) {
      if (existing.algorithm() == a.algorithm() && existing.hash().equals(a.hash())) {
        throw RuleException.conflict(
            "a document with " + a.algorithm() + " hash " + a.hash() + " is already attached to " + r.regNo()
                + " as " + existing.kind());
      }
    }
    List<Attachment> attachments = new ArrayList<>(r.attachments());
    attachments.add(a);
    return saved(tx, r, r.toBuilder().attachments(attachments));
  }

  /**
   * The date the registry's formal review is due: the profile's period from now. Null while the
   * working-day calendar does not reach it: the registry's own deadline never holds the applicant up.
   */
  private Instant formalReviewDue(Tx tx, Registration r) {
    try {
      return registry.calendar(tx.store).deadline(tx.time(), registry.profile(r.profile()).formalReview());
    } catch (RuleException calendarGap) {
      return null;
    }
  }

  /** On a simplified track, refuses the applications the measure sends to the ordinary track. */
  private static void checkTrack(Profile profile, AssetDescription asset, boolean crossBorder) {
    OrdinaryTrackOnly rule = profile.ordinaryTrackOnly();
    if (rule == null) {
      return;
    }
    List<String> why = new ArrayList<>();
    if (rule.classifications().contains(asset.classification())) {
      why.add(asset.classification().label() + " (" + asset.classification() + ")");
    }
    for (DataSource source : asset.sources()) {
      if (rule.sources().contains(source)) {
        why.add(source.label() + " (" + source + ")");
      }
    }
    if (crossBorder && rule.crossBorder()) {
      why.add("跨境数据 (crossBorder)");
    }
    if (!why.isEmpty()) {
      throw RuleException.invalid(
          "profile",
          String.join(", ", why) + " cannot take the simplified track " + profile.code() + ": it takes the ordinary"
              + " track (普通程序) under " + rule.basis() + "; apply under profile " + rule.ordinaryProfile());
    }
  }

  /** Refuses an application without the documents its profile requires. */
  private static void checkAttachments(Profile profile, List<Attachment> attachments) {
    for (AttachmentKind kind : profile.requiredAttachments()) {
      if (attachments.stream().noneMatch(a -> a.kind() == kind)) {
        throw RuleException.invalid(
            "attachments",
            "profile " + profile.code() + " requires the applicant's " + kind.label() + " (" + kind + "): sign it,"
                + " keep it in the confidential store and attach its hash (kind, issuer, algorithm, hash, date)");
      }
    }
  }

  // --- shared checks -------------------------------------------------------------------------

  static Registration saved(Tx tx, Registration before, Registration.Builder next) {
    Registration after = next.build(tx.id(), tx.time());
    tx.save(before, after);
    return after;
  }

  /** Requires the stored status to be one of {@code allowed}, and not derived-expired or lapsed. */
  static void requireStatus(Tx tx, Registration r, String action, RegistrationStatus... allowed) {
    RegistrationStatus effective = r.effectiveStatus(tx.time());
    for (RegistrationStatus s : allowed) {
      if (effective == s) {
        requireValidityRunning(tx, r, action);
        return;
      }
    }
    throw wrongState(r, tx.time(), action, describe(allowed));
  }

  /**
   * Issue 20: an ISSUED registration whose validity ended is not in force, although no sweep has
   * recorded its expiry yet; acts that need it in force are refused until it is renewed.
   */
  static void requireValidityRunning(Tx tx, Registration r, String action) {
    if (r.validityEnded(tx.time())) {
      throw RuleException.conflict(
          "cannot " + action + " " + r.regNo() + ": its validity ended at " + r.validUntil()
              + " (not yet swept: the next sweep records it EXPIRED); renew it inside the profile's window");
    }
  }

  static void requireEffective(Tx tx, Registration r, String action, Set<RegistrationStatus> allowed) {
    if (!allowed.contains(r.effectiveStatus(tx.time()))) {
      throw wrongState(r, tx.time(), action, allowed.toString());
    }
    if (!allowed.contains(RegistrationStatus.EXPIRED)) {
      requireValidityRunning(tx, r, action);
    }
  }

  static RuleException wrongState(Registration r, Instant now, String action, String needed) {
    return RuleException.conflict(
        "cannot " + action + " " + r.regNo() + " while it is " + r.effectiveStatus(now)
            + "; it must be " + needed);
  }

  static void refuseWhilePledged(Tx tx, Registration r, String action) {
    refuseWhilePledged(r, tx.encumbrances(r.regNo()), action);
  }

  /** As {@link #refuseWhilePledged(Tx, Registration, String)}, over the encumbrances already read. */
  static void refuseWhilePledged(Registration r, List<Encumbrance> encumbrances, String action) {
    for (Encumbrance e : encumbrances) {
      if (e.active() && e.kind() == EncumbranceKind.PLEDGE) {
        throw RuleException.conflict(
            "cannot " + action + " " + r.regNo() + ": it is pledged to " + e.counterparty() + " ("
                + e.encumbranceNo() + "); the pledgee must release the pledge first");
      }
    }
  }

  private static void requireBeforeIssue(Tx tx, Registration r) {
    if (!r.effectiveStatus(tx.time()).beforeIssue()) {
      throw wrongState(r, tx.time(), "confirm", "before issue");
    }
  }

  private static String describe(RegistrationStatus... allowed) {
    if (allowed.length == 1) {
      return allowed[0].name();
    }
    return "one of " + java.util.Arrays.toString(allowed);
  }

  static void checkAsset(Profile profile, AssetDescription asset) {
    if (profile.refusedClassifications().contains(asset.classification())) {
      throw RuleException.invalid(
          "asset.classification",
          asset.classification() + " (" + asset.classification().label() + ") cannot be registered under profile "
              + profile.code());
    }
  }

  private static void openAccount(Tx tx, String accountId, String field) {
    Account a = tx.store.find(Keys.account(accountId), Account.class);
    if (a == null) {
      throw RuleException.notFound("account " + accountId + " (" + field + ") does not exist");
    }
    if (!a.open()) {
      throw RuleException.conflict("account " + accountId + " (" + field + ") is closed");
    }
  }

  private static List<Evidence> evidence(Tx tx, List<String> evidenceNos) {
    List<Evidence> out = new ArrayList<>();
    for (String no : evidenceNos) {
      out.add(tx.store.require(Keys.evidence(no), Evidence.class, "evidence " + no));
    }
    return out;
  }

  /**
   * The evidence an application rests on: deposited before, by the applicant, and not already the
   * basis of another live registration.
   */
  private static List<Evidence> checkEvidence(
      Tx tx, Profile profile, String applicant, List<String> evidenceNos, String regNo) {
    if (profile.evidenceRequired() && evidenceNos.isEmpty()) {
      throw RuleException.invalid(
          "evidenceNos",
          "profile " + profile.code() + " requires a prior evidence deposit: deposit the data's hash"
              + " (depositEvidence) and name the evidence number");
    }
    List<Evidence> out = new ArrayList<>();
    for (int i = 0; i < evidenceNos.size(); i++) {
      String no = evidenceNos.get(i);
      if (evidenceNos.subList(0, i).contains(no)) {
        throw RuleException.invalid("evidenceNos[" + i + "]", no + " is listed twice");
      }
      Evidence e = tx.store.find(Keys.evidence(no), Evidence.class);
      if (e == null) {
        throw RuleException.notFound("evidence " + no + " (evidenceNos[" + i + "]) does not exist");
      }
      if (!e.declaredBy().equals(applicant)) {
        throw RuleException.forbidden(
            "evidence " + no + " was deposited by account " + e.declaredBy() + ", not by the applicant " + applicant);
      }
      if (profile.notarisationOrRecognisedDepositRequired()
          && e.notaryRef() == null
          && !profile.recognisedEvidenceChannels().contains(e.channel())) {
        throw RuleException.invalid(
            "evidenceNos[" + i + "]",
            "profile " + profile.code() + " requires evidence notarised or deposited with a recognised evidence"
                + " provider: evidence " + no + " came through channel '" + e.channel() + "' with no notary; deposit"
                + " it through one of " + profile.recognisedEvidenceChannels() + " or name the notary and"
                + " notarial certificate (notaryRef)");
      }
      String existing = tx.store.text(Keys.registeredHash(e.algorithm(), e.hash()));
      if (existing != null && !existing.equals(regNo)) {
        Registration other = tx.registration(existing);
        if (!other.effectiveStatus(tx.time()).terminal()) {
          throw RuleException.conflict(
              "the data of evidence " + no + " (" + e.algorithm() + " " + e.hash() + ") is already registered as "
                  + existing + (other.holders().contains(applicant) ? "" : " by another holder"));
        }
      }
      out.add(e);
    }
    return out;
  }

  private static Review recordReview(
      Tx tx, Registration r, ReviewKind kind, ReviewOutcome outcome, String opinionHash) {
    String reviewNo = tx.store.newNumber(kind == ReviewKind.FORMAL ? "RF" : "RS", no -> Keys.review(r.regNo(), no));
    Review review =
        new Review(reviewNo, r.regNo(), kind, outcome, tx.ws.caller().identity(), opinionHash, tx.time());
    tx.store.put(Keys.review(r.regNo(), reviewNo), review);
    return review;
  }
}
