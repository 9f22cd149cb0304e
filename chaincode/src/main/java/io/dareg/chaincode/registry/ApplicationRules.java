package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.OrdinaryTrackOnly;
import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.AttachDocumentRequest;
import io.dareg.core.api.CorrectRequest;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.DepositEvidenceRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.RegisterRequest;
import io.dareg.core.api.Registered;
import io.dareg.core.api.SubmitRequest;
import io.dareg.core.model.AssetDescription;
import io.dareg.core.model.Attachment;
import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.DataSource;
import io.dareg.core.model.DuplicateFlag;
import io.dareg.core.model.Evidence;
import io.dareg.core.model.RegistryRecord;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The applicant's side of the registration lifecycle of REQUIREMENTS.md §4 before issue: submitting
 * an application (its profile, track, documents and evidence), the co-holders' confirmation, the
 * correction the formal review asked for, documents added later, and withdrawal.
 */
final class ApplicationRules {
  private final ProfileCatalog profiles;
  private final LedgerCalendar calendar;

  ApplicationRules(ProfileCatalog profiles, LedgerCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("submit", SubmitRequest.class, this::submit);
    // issue 26: a registration with its evidence, signed once
    d.submit("register", RegisterRequest.class, this::register);
    d.submit("confirmJointApplication", RegNoRequest.class, this::confirmJointApplication);
    d.submit("withdraw", DecisionRequest.class, this::withdraw);
    d.submit("correct", CorrectRequest.class, this::correct);
    // issue 20: review, profiles and disclosure
    d.submit("attachDocument", AttachDocumentRequest.class, this::attachDocument);
  }

  Registration submit(Tx tx, SubmitRequest req) {
    return submit(tx, tx.access.holder(), req, i -> "evidenceNos[" + i + "]");
  }

  /**
   * The applicant's deposits, then the application resting on them, in one transaction: a refusal of either undoes
   * both, since a refused transaction writes nothing.
   */
  Registered register(Tx tx, RegisterRequest req) {
    String applicant = tx.access.holder();
    List<Evidence> deposited = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (DepositEvidenceRequest d : req.evidence()) {
      Evidence e = tx.deposit(applicant, d);
      deposited.add(e);
      numbers.add(e.evidenceNo());
    }
    int named = req.application().evidenceNos().size();
    Registration r = submit(tx, applicant, req.applicationWith(numbers),
        i -> i < named ? "application.evidenceNos[" + i + "]" : "evidence[" + (i - named) + "]");
    return new Registered(r, deposited);
  }

  /** Applies as {@code applicant}; {@code field} names the request's field of the application's i-th evidence. */
  private Registration submit(Tx tx, String applicant, SubmitRequest req, IntFunction<String> field) {
    RegistryRecord registry =
        req.registry() == null ? tx.access.settings().firstRegistry() : tx.access.requireRegistry(req.registry());
    Profile profile = profiles.get(req.profile() != null ? req.profile() : registry.defaultProfile());
    Guards.checkAsset(profile, req.asset());
    checkTrack(profile, req.asset(), req.crossBorder());
    checkAttachments(profile, req.attachments());
    String regNo = tx.store.newNumber(registry.code(), Keys::registration);
    List<String> holders = new ArrayList<>();
    holders.add(applicant);
    for (int i = 0; i < req.coHolders().size(); i++) {
      String co = req.coHolders().get(i);
      if (holders.contains(co)) {
        throw RuleException.invalid("coHolders[" + i + "]", co + " is already a holder of this application");
      }
      tx.openAccount(co, "coHolders[" + i + "]");
      holders.add(co);
    }
    List<DuplicateFlag> flags = new ArrayList<>();
    List<Evidence> evidence = checkEvidence(tx, profile, applicant, req.evidenceNos(), field, regNo, flags);
    Registration r =
        new Registration(
            regNo, profile.code(), RegistrationStatus.SUBMITTED, req.rightType(), req.asset(), holders,
            List.of(), tx.caller().identity(), req.evidenceNos(), req.confidentialHash(), 1, tx.time(),
            tx.time(), tx.id(), null, null, null, null, null, null, null, null, null, req.crossBorder(),
            req.attachments(), null, null, null,
            Guards.shares(holders, req.shares()), // issue 20: co-holders' shares
            req.authorisationEnds(), req.dataValidUntil(), null, // issue 20: validity caps
            duplicateOf(flags)); // issue 25
    tx.create(r);
    recordHashes(tx, regNo, evidence, flags);
    return r;
  }

  Registration confirmJointApplication(Tx tx, RegNoRequest req) {
    Registration r = tx.registration(req.regNo());
    String account = tx.access.holderOf(r);
    if (account.equals(r.holders().get(0))) {
      throw RuleException.conflict("the applicant's account need not confirm its own application");
    }
    tx.requireBeforeIssue(r, "confirm");
    if (r.consents().contains(account)) {
      throw RuleException.conflict("account " + account + " has already confirmed " + r.regNo());
    }
    List<String> consents = new ArrayList<>(r.consents());
    consents.add(account);
    return tx.saved(r, r.toBuilder().consents(consents));
  }

  Registration withdraw(Tx tx, DecisionRequest req) {
    Registration r = tx.registration(req.regNo());
    String account = tx.access.holderOf(r);
    if (!account.equals(r.holders().get(0))) {
      throw RuleException.forbidden("only the applicant's account " + r.holders().get(0) + " may withdraw");
    }
    if (!r.status().beforeIssue()) {
      throw Guards.wrongState(r, tx.time(), "withdraw", "before issue");
    }
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.WITHDRAWN)
            .correctionDeadline(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration correct(Tx tx, CorrectRequest req) {
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
    tx.requireStatus(r, "correct", RegistrationStatus.NEEDS_CORRECTION);
    Profile profile = profiles.get(r.profile());
    Registration.Builder next =
        r.toBuilder()
            .status(RegistrationStatus.FORMAL_REVIEW)
            .correctionDeadline(null)
            .formalReviewDue(calendar.deadlineIfKnown(tx, profiles.get(r.profile()).formalReview()));
    if (req.asset() != null) {
      Guards.checkAsset(profile, req.asset());
      next.asset(req.asset());
    }
    if (req.evidenceNos() != null) {
      List<Evidence> before = evidence(tx, r.evidenceNos());
      List<DuplicateFlag> flags = new ArrayList<>();
      List<Evidence> after = checkEvidence(tx, profile, account, req.evidenceNos(), i -> "evidenceNos[" + i + "]", r.regNo(), flags);
      forgetHashes(tx, r.regNo(), before);
      recordHashes(tx, r.regNo(), after, flags);
      next.duplicateOf(duplicateOf(flags));
      next.evidenceNos(req.evidenceNos());
    }
    if (req.confidentialHash() != null) {
      next.confidentialHash(req.confidentialHash());
    }
    return tx.saved(r, next);
  }

  // issue 20: review, profiles and disclosure

  /** The holder adds a document reference (by hash; the document stays off the ledger) before issue. */
  Registration attachDocument(Tx tx, AttachDocumentRequest req) {
    Registration r = tx.registration(req.regNo());
    tx.access.holderOf(r);
    tx.requireBeforeIssue(r, "attach a document to");
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
    return tx.saved(r, r.toBuilder().attachments(attachments));
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

  private static List<Evidence> evidence(Tx tx, List<String> evidenceNos) {
    List<Evidence> out = new ArrayList<>();
    for (String no : evidenceNos) {
      out.add(tx.store.require(Keys.evidence(no), Evidence.class, "evidence " + no));
    }
    return out;
  }

  /**
   * Indexes the hashes a registration rests on. A hash another registry's live registration already holds stays
   * that registration's, and is indexed for this registration's registry alone; each such overlap is flagged to
   * both registries (一数多登, issue 25), and the registration names the other in {@code duplicateOf}.
   */
  private static void recordHashes(Tx tx, String regNo, List<Evidence> evidence, List<DuplicateFlag> flags) {
    for (Evidence e : evidence) {
      DuplicateFlag flag = flags.stream().filter(f -> f.hash().equals(e.hash()) && f.algorithm() == e.algorithm()).findFirst().orElse(null);
      if (flag == null) {
        tx.store.putText(Keys.registeredHash(e.algorithm(), e.hash()), regNo);
        continue;
      }
      tx.store.putText(Keys.registeredHashIn(flag.registry(), e.algorithm(), e.hash()), regNo);
      tx.store.put(Keys.duplicate(flag.registry(), flag.regNo(), flag.otherRegNo()), flag);
      tx.store.put(Keys.duplicate(flag.otherRegistry(), flag.regNo(), flag.otherRegNo()), flag);
    }
  }

  private static List<String> duplicateOf(List<DuplicateFlag> flags) {
    return flags.stream().map(DuplicateFlag::otherRegNo).distinct().toList();
  }

  /** Takes a registration off the hashes it rested on (where it held them). */
  private static void forgetHashes(Tx tx, String regNo, List<Evidence> evidence) {
    for (Evidence e : evidence) {
      for (Key key : List.of(Keys.registeredHash(e.algorithm(), e.hash()),
          Keys.registeredHashIn(RegistryRecord.codeOf(regNo), e.algorithm(), e.hash()))) {
        if (regNo.equals(tx.store.text(key))) {
          tx.store.delete(key);
        }
      }
    }
  }

  /**
   * The evidence an application rests on: deposited before, by the applicant, and not already the
   * basis of another live registration.
   */
  private static List<Evidence> checkEvidence(
      Tx tx, Profile profile, String applicant, List<String> evidenceNos, IntFunction<String> field, String regNo,
      List<DuplicateFlag> flags) {
    if (profile.evidenceRequired() && evidenceNos.isEmpty()) {
      throw RuleException.invalid(
          "evidenceNos",
          "profile " + profile.code() + " requires a prior evidence deposit: deposit the data's hash"
              + " (depositEvidence) and name the evidence number, or deposit it with the application (register)");
    }
    List<Evidence> out = new ArrayList<>();
    for (int i = 0; i < evidenceNos.size(); i++) {
      String no = evidenceNos.get(i);
      if (evidenceNos.subList(0, i).contains(no)) {
        throw RuleException.invalid(field.apply(i), no + " is listed twice");
      }
      Evidence e = tx.store.find(Keys.evidence(no), Evidence.class);
      if (e == null) {
        throw RuleException.notFound("evidence " + no + " (" + field.apply(i) + ") does not exist");
      }
      if (!e.declaredBy().equals(applicant)) {
        throw RuleException.forbidden(
            "evidence " + no + " was deposited by account " + e.declaredBy() + ", not by the applicant " + applicant);
      }
      // a deposit made with this application (register) is named by its place in the request: its number is undone with it
      String named = e.txId().equals(tx.id()) ? "the deposit " + field.apply(i) : "evidence " + no;
      if (profile.notarisationOrRecognisedDepositRequired()
          && e.notaryRef() == null
          && !profile.recognisedEvidenceChannels().contains(e.channel())) {
        throw RuleException.invalid(
            field.apply(i),
            "profile " + profile.code() + " requires evidence notarised or deposited with a recognised evidence"
                + " provider: " + named + " came through channel '" + e.channel() + "' with no notary; deposit"
                + " it through one of " + profile.recognisedEvidenceChannels() + " or name the notary and"
                + " notarial certificate (notaryRef)");
      }
      String existing = tx.store.text(Keys.registeredHash(e.algorithm(), e.hash()));
      if (existing != null && !existing.equals(regNo)) {
        Registration other = tx.registration(existing);
        if (!other.effectiveStatus(tx.time()).terminal()) {
          String otherRegistry = RegistryRecord.codeOf(existing);
          String registry = RegistryRecord.codeOf(regNo);
          if (otherRegistry.equals(registry) || profile.crossRegistryDuplicates() == Profile.DuplicatePolicy.REFUSE) {
            throw RuleException.conflict(
                "the data of " + named + " (" + e.algorithm() + " " + e.hash() + ") is already registered as "
                    + existing + (other.holders().contains(applicant) ? "" : " by another holder")
                    + (otherRegistry.equals(registry) ? "" : " at registry " + otherRegistry + " (一数多登; profile " + profile.code()
                        + " refuses a registration another registry already holds)"));
          }
          String own = tx.store.text(Keys.registeredHashIn(registry, e.algorithm(), e.hash()));
          if (own != null && !own.equals(regNo) && !tx.registration(own).effectiveStatus(tx.time()).terminal()) {
            throw RuleException.conflict(
                "the data of " + named + " (" + e.algorithm() + " " + e.hash() + ") is already registered as " + own
                    + " (and at registry " + otherRegistry + " as " + existing + ")");
          }
          flags.add(new DuplicateFlag(regNo, registry, existing, otherRegistry, e.algorithm(), e.hash(), tx.time()));
        }
      }
      out.add(e);
    }
    return out;
  }
}
