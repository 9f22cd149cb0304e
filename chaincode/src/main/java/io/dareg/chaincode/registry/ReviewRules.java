package io.dareg.chaincode.registry;

import io.dareg.chaincode.profile.Profile;
import io.dareg.chaincode.profile.ProfileCatalog;
import io.dareg.core.api.DecisionRequest;
import io.dareg.core.api.FormalReviewRequest;
import io.dareg.core.api.RegNoRequest;
import io.dareg.core.api.SubstantiveReviewRequest;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Review;
import io.dareg.core.model.ReviewKind;
import io.dareg.core.model.ReviewOutcome;
import io.dareg.core.model.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The registry's side of the registration lifecycle before issue (REQUIREMENTS.md §4): formal review,
 * substantive review opinions, rejection, and the public notice.
 */
final class ReviewRules {
  private final ProfileCatalog profiles;
  private final LedgerCalendar calendar;

  ReviewRules(ProfileCatalog profiles, LedgerCalendar calendar) {
    this.profiles = profiles;
    this.calendar = calendar;
  }

  void declare(RegistryTransactions.Declarations d) {
    d.submit("startFormalReview", RegNoRequest.class, this::startFormalReview);
    d.submit("formalReview", FormalReviewRequest.class, this::formalReview);
    d.submit("substantiveReview", SubstantiveReviewRequest.class, this::substantiveReview);
    d.submit("reject", DecisionRequest.class, this::reject);
    d.submit("publishNotice", RegNoRequest.class, this::publishNotice);
  }

  Registration startFormalReview(Tx tx, RegNoRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "start formal review of", RegistrationStatus.SUBMITTED);
    return tx.saved(r, r.toBuilder().status(RegistrationStatus.FORMAL_REVIEW).formalReviewDue(calendar.deadlineIfKnown(tx, profiles.get(r.profile()).formalReview())));
  }

  Registration formalReview(Tx tx, FormalReviewRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "record a formal review of", RegistrationStatus.FORMAL_REVIEW);
    recordReview(tx, r, ReviewKind.FORMAL, req.outcome(), req.opinionHash());
    switch (req.outcome()) {
      case PASS:
        if (!r.jointApplicationConfirmed()) {
          List<String> missing = new ArrayList<>(r.holders().subList(1, r.holders().size()));
          missing.removeAll(r.consents());
          throw RuleException.conflict(
              "co-holders " + missing + " have not confirmed the joint application (confirmJointApplication)");
        }
        return tx.saved(r, r.toBuilder().status(RegistrationStatus.SUBSTANTIVE_REVIEW));
      case NEEDS_CORRECTION:
        Profile profile = profiles.get(r.profile());
        Instant deadline = calendar.deadline(tx, profile.correction());
        return tx.saved(r,
            r.toBuilder()
                .status(RegistrationStatus.NEEDS_CORRECTION)
                .correctionDeadline(deadline)
                .correctionLapse(profile.correctionLapse())
                .reason(req.opinionHash(), req.reason()));
      default:
        return tx.saved(r,
            r.toBuilder().status(RegistrationStatus.REJECTED).reason(req.opinionHash(), req.reason()));
    }
  }

  Review substantiveReview(Tx tx, SubstantiveReviewRequest req) {
    tx.access.require(Role.REVIEWER);
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "review", RegistrationStatus.SUBSTANTIVE_REVIEW);
    Review review = recordReview(tx, r, ReviewKind.SUBSTANTIVE, req.outcome(), req.opinionHash());
    // The opinion is a fact on the registration's history, so the registration moves to a new version.
    tx.saved(r, r.toBuilder());
    return review;
  }

  Registration reject(Tx tx, DecisionRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    if (!r.status().beforeIssue()) {
      throw Guards.wrongState(r, tx.time(), "reject", "before issue");
    }
    return tx.saved(r,
        r.toBuilder()
            .status(RegistrationStatus.REJECTED)
            .correctionDeadline(null)
            .reason(req.reasonHash(), req.reason()));
  }

  Registration publishNotice(Tx tx, RegNoRequest req) {
    tx.access.registrar();
    Registration r = tx.registration(req.regNo());
    tx.requireStatus(r, "publish the notice of", RegistrationStatus.SUBSTANTIVE_REVIEW);
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
    Profile profile = profiles.get(r.profile());
    Instant end = calendar.deadline(tx, profile.notice());
    return tx.saved(r, r.toBuilder().status(RegistrationStatus.PUBLIC_NOTICE).notice(tx.time(), end));
  }

  private static Review recordReview(
      Tx tx, Registration r, ReviewKind kind, ReviewOutcome outcome, String opinionHash) {
    String reviewNo = tx.store.newNumber(kind == ReviewKind.FORMAL ? "RF" : "RS", no -> Keys.review(r.regNo(), no));
    Review review =
        new Review(reviewNo, r.regNo(), kind, outcome, tx.caller().identity(), opinionHash, tx.time());
    tx.store.put(Keys.review(r.regNo(), reviewNo), review);
    return review;
  }
}
