package io.dareg.chaincode.profile;

import io.dareg.core.model.AttachmentKind;
import io.dareg.core.model.ClassificationLevel;
import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Require;
import java.time.Period;
import java.util.Set;

/**
 * The figures one registration measure sets (REQUIREMENTS.md §5): profiles are data, so an operator
 * chooses the rule set instead of the code hard-wiring one.
 *
 * @param code the profile's code, e.g. {@code TJ-DIP}
 * @param name the measure's title
 * @param basis the measure (and article) the figures come from
 * @param notice public notice length
 * @param validity certificate validity; null where certificates do not expire
 * @param renewalWindow renewal opens this long before validity ends; null when not renewable
 * @param renewalGrace renewal is still possible this long after validity ends
 * @param renewalTerm each renewal adds this; null when not renewable
 * @param correction the correction period after a formal review asks for corrections
 * @param formalReview the formal review period the registry commits to
 * @param objectionFiling the period for an ownership objector to show a court or arbitration filing
 * @param encumbranceFiling pledges and licences are filed within this of the contract date
 * @param evidenceRequired whether a submission needs a prior evidence deposit
 * @param refusedClassifications data classification levels that cannot be registered
 * @param ordinaryTrackOnly on a simplified track, the applications that must take the ordinary
 *     track; null on an ordinary track
 * @param notarisationOrRecognisedDepositRequired whether each evidence deposit must be notarised
 *     or made through a recognised evidence channel (TJ-DIP)
 * @param recognisedEvidenceChannels the evidence channels (存证渠道) the registry recognises
 * @param requiredAttachments documents an application must carry (by hash) when it is submitted
 * @param correctionLapse what an application becomes when its correction period passes unanswered:
 *     WITHDRAWN (deemed withdrawn, the default) or REJECTED (a refusal, DL)
 * @param renewalAfterExpiry whether the holder may still renew (DL's annual review, 年审) after
 *     validity has ended, without a grace limit
 * @param retention how long records of a cancelled registration are kept
 * @param retentionBasis where the retention period comes from, or that it is the registry's default
 * @param changeReview issue 20: the registry decides a change or correction application within this
 *     (GD 变动登记 10 working days; default 10 working days)
 * @param objectionForwarding issue 20: the registry forwards an objection to the holder within this
 *     (TJ-DIP 3 working days; default 3 working days)
 * @param objectionAnswer issue 20: the holder answers a forwarded objection within this (GD 10 working days)
 * @param expiryCancels issue 20: an expiry without renewal ends in cancellation, announced, once the
 *     renewal grace has passed (TJ-DIP); otherwise the registration is recorded EXPIRED
 * @param crossRegistryDuplicates issue 25: what an application gets when its evidence hash is already the basis of
 *     a live registration of another registry on the ledger (一数多登): REVIEW (the default: accepted, flagged to both
 *     registries with the other registration named) or REFUSE
 */
public record Profile(
    String code,
    String name,
    String basis,
    DayCount notice,
    Period validity,
    Period renewalWindow,
    Period renewalGrace,
    Period renewalTerm,
    DayCount correction,
    DayCount formalReview,
    DayCount objectionFiling,
    DayCount encumbranceFiling,
    boolean evidenceRequired,
    Set<ClassificationLevel> refusedClassifications,
    // issue 20: review, profiles and disclosure
    OrdinaryTrackOnly ordinaryTrackOnly,
    Boolean notarisationOrRecognisedDepositRequired,
    Set<String> recognisedEvidenceChannels,
    Set<AttachmentKind> requiredAttachments,
    RegistrationStatus correctionLapse,
    Boolean renewalAfterExpiry,
    Period retention,
    String retentionBasis,
    // issue 20: after issue (change registration, objection registration, expiry)
    DayCount changeReview,
    DayCount objectionForwarding,
    DayCount objectionAnswer,
    boolean expiryCancels,
    // issue 25: several registries
    DuplicatePolicy crossRegistryDuplicates) {

  /** Validates the figures and their combinations. */
  public Profile {
    code = Require.identifier("code", code);
    name = Require.text("name", name, 200);
    basis = Require.text("basis", basis, 500);
    Require.present("notice", notice);
    if (renewalGrace == null) {
      renewalGrace = Period.ZERO;
    }
    if ((renewalWindow == null) != (renewalTerm == null)) {
      throw new InvalidInputException("renewalTerm", "renewalWindow and renewalTerm are set together or not at all");
    }
    if (renewalWindow != null && validity == null) {
      throw new InvalidInputException("renewalWindow", "a profile without validity has nothing to renew");
    }
    for (Period p : new Period[] {validity, renewalWindow, renewalGrace, renewalTerm}) {
      if (p != null && p.isNegative()) {
        throw new InvalidInputException("period", p + " is negative");
      }
    }
    Require.present("correction", correction);
    Require.present("formalReview", formalReview);
    Require.present("objectionFiling", objectionFiling);
    Require.present("encumbranceFiling", encumbranceFiling);
    refusedClassifications = Require.set("refusedClassifications", refusedClassifications, 3);
    notarisationOrRecognisedDepositRequired = Boolean.TRUE.equals(notarisationOrRecognisedDepositRequired);
    recognisedEvidenceChannels = Require.set("recognisedEvidenceChannels", recognisedEvidenceChannels, 50);
    requiredAttachments = Require.set("requiredAttachments", requiredAttachments, AttachmentKind.values().length);
    if (correctionLapse == null) {
      correctionLapse = RegistrationStatus.WITHDRAWN;
    }
    if (correctionLapse != RegistrationStatus.WITHDRAWN && correctionLapse != RegistrationStatus.REJECTED) {
      throw new InvalidInputException("correctionLapse", "is WITHDRAWN or REJECTED, not " + correctionLapse);
    }
    renewalAfterExpiry = Boolean.TRUE.equals(renewalAfterExpiry);
    if (renewalAfterExpiry && renewalWindow == null) {
      throw new InvalidInputException("renewalAfterExpiry", "a profile without renewal has nothing to renew after expiry");
    }
    Require.present("retention", retention);
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidInputException("retention", retention + " is not a period records can be kept for");
    }
    retentionBasis = Require.text("retentionBasis", retentionBasis, 500);
    // issue 20: defaults where a measure sets no figure of its own
    changeReview = changeReview != null ? changeReview : new DayCount(10, DayKind.WORKING);
    objectionForwarding = objectionForwarding != null ? objectionForwarding : new DayCount(3, DayKind.WORKING);
    objectionAnswer = objectionAnswer != null ? objectionAnswer : new DayCount(10, DayKind.WORKING);
    crossRegistryDuplicates = crossRegistryDuplicates != null ? crossRegistryDuplicates : DuplicatePolicy.REVIEW;
  }

  /** What an application gets when another registry already registered the same data (issue 25). */
  public enum DuplicatePolicy {
    /** Accepted and flagged to both registries, with the other registration named, for their review. */
    REVIEW,
    /** Refused, naming the other registration. */
    REFUSE
  }

  /** A profile with the figures of REQUIREMENTS.md §5 only, and the registry's default retention. */
  public Profile(
      String code, String name, String basis, DayCount notice, Period validity, Period renewalWindow,
      Period renewalGrace, Period renewalTerm, DayCount correction, DayCount formalReview,
      DayCount objectionFiling, DayCount encumbranceFiling, boolean evidenceRequired,
      Set<ClassificationLevel> refusedClassifications) {
    this(code, name, basis, notice, validity, renewalWindow, renewalGrace, renewalTerm, correction, formalReview,
        objectionFiling, encumbranceFiling, evidenceRequired, refusedClassifications, null, false, null, null,
        null, false, Period.ofYears(30), "default: the measure sets no retention period; kept as long as SZ asks",
        null, null, null, false, null);
  }
}
