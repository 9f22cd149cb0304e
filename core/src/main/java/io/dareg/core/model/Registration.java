package io.dareg.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A data asset registration as the ledger holds it: identifiers, public description, status,
 * dates, evidence references and the hash of the confidential material kept off the ledger.
 *
 * @param regNo the registration number, derived from the submitting transaction
 * @param profile the code of the rule profile that governs it, e.g. {@code TJ-DIP}
 * @param status the stored status; see {@link #effectiveStatus(Instant)} for the derived one
 * @param rightType the one right registered
 * @param asset the public description
 * @param holders account ids of the holder and co-holders, the first one applying
 * @param consents account ids of co-holders that confirmed the joint application
 * @param applicant the identity that submitted
 * @param evidenceNos the evidence deposits the registration rests on
 * @param confidentialHash hash of the confidential material held off the ledger, or null
 * @param version increases by one with every change
 * @param submittedAt when it was submitted
 * @param updatedAt time of the last change
 * @param lastTxId the transaction of the last change
 * @param correctionDeadline end of the correction period while NEEDS_CORRECTION, else null
 * @param noticeStart start of the public notice, or null
 * @param noticeEnd end of the public notice (objections close), or null
 * @param issuedAt when it was issued, or null
 * @param validFrom start of the current validity, or null
 * @param validUntil end of the current validity, or null where the profile sets no validity
 * @param certificateNo the certificate in force, or null
 * @param reasonHash hash of the grounds of the last rejection, revocation, suspension or cancellation
 * @param reason the public reason in words, or null
 * @param crossBorder whether the application declared cross-border data
 * @param attachments the documents the registration rests on, by hash
 * @param formalReviewDue when the registry's formal review is due (the profile's formal-review
 *     period from the time it entered FORMAL_REVIEW), or null before
 * @param correctionLapse what an application becomes when its correction deadline passes
 *     unanswered: WITHDRAWN (deemed withdrawn) or REJECTED (a refusal, DL); null reads WITHDRAWN
 * @param retainUntil on a cancelled registration, the end of the profile's retention period
 * @param shares the holders' shares (资产权益比例, GD), one per holder summing to 100%; empty when the
 *     application gave none (the holders' shares are then unspecified)
 * @param authorisationEnds issue 20 (validity cap): the day the authorisation agreement the registration rests on
 *     ends, or null; the validity never runs past it
 * @param dataValidUntil issue 20 (validity cap): the last day of the data's own validity, or null
 * @param duplicateOf issue 25: the registrations of other registries that rested on the same evidence hash when
 *     this one was applied for or corrected (一数多登), for its registry's review; null when none
 * @param validityBasis issue 20 (validity cap): what set {@code validUntil}, in words, or null before issue
 */
public record Registration(
    String regNo,
    String profile,
    RegistrationStatus status,
    RightType rightType,
    AssetDescription asset,
    List<String> holders,
    List<String> consents,
    IdentityRef applicant,
    List<String> evidenceNos,
    String confidentialHash,
    int version,
    Instant submittedAt,
    Instant updatedAt,
    String lastTxId,
    Instant correctionDeadline,
    Instant noticeStart,
    Instant noticeEnd,
    Instant issuedAt,
    Instant validFrom,
    Instant validUntil,
    String certificateNo,
    String reasonHash,
    String reason,
    // issue 20: review, profiles and disclosure
    Boolean crossBorder,
    List<Attachment> attachments,
    Instant formalReviewDue,
    RegistrationStatus correctionLapse,
    Instant retainUntil,
    // issue 20: co-holders' shares
    List<HolderShare> shares,
    // issue 20: validity capped by the authorisation agreement or the data's own validity
    LocalDate authorisationEnds,
    LocalDate dataValidUntil,
    String validityBasis,
    // issue 25: the same data registered at another registry (一数多登)
    List<String> duplicateOf) {

  /** Validates every field. */
  public Registration {
    regNo = Require.identifier("regNo", regNo);
    profile = Require.identifier("profile", profile);
    Require.present("status", status);
    Require.present("rightType", rightType);
    Require.present("asset", asset);
    holders = Require.nonEmptyList("holders", holders, 20);
    consents = Require.list("consents", consents, 20);
    Require.present("applicant", applicant);
    evidenceNos = Require.list("evidenceNos", evidenceNos, 100);
    confidentialHash = Require.optionalHash("confidentialHash", confidentialHash);
    Require.positive("version", version);
    Require.present("submittedAt", submittedAt);
    Require.present("updatedAt", updatedAt);
    lastTxId = Require.text("lastTxId", lastTxId, 200);
    reasonHash = Require.optionalHash("reasonHash", reasonHash);
    reason = Require.optionalText("reason", reason, 2000);
    crossBorder = Boolean.TRUE.equals(crossBorder); // absent in records written before issue 20
    attachments = Require.list("attachments", attachments, 50);
    if (correctionLapse != null
        && correctionLapse != RegistrationStatus.WITHDRAWN
        && correctionLapse != RegistrationStatus.REJECTED) {
      throw new InvalidInputException("correctionLapse", "is WITHDRAWN or REJECTED, not " + correctionLapse);
    }
    shares = Require.list("shares", shares, 20);
    validityBasis = Require.optionalText("validityBasis", validityBasis, 300);
    // absent stays absent, so a registration without duplicates keeps its bytes
    duplicateOf = duplicateOf == null || duplicateOf.isEmpty() ? null : Require.list("duplicateOf", duplicateOf, 100);
  }

  /**
   * A registration as recorded before issue 25: not flagged as resting on data another registry registered.
   */
  public Registration(
      String regNo, String profile, RegistrationStatus status, RightType rightType, AssetDescription asset,
      List<String> holders, List<String> consents, IdentityRef applicant, List<String> evidenceNos,
      String confidentialHash, int version, Instant submittedAt, Instant updatedAt, String lastTxId,
      Instant correctionDeadline, Instant noticeStart, Instant noticeEnd, Instant issuedAt, Instant validFrom,
      Instant validUntil, String certificateNo, String reasonHash, String reason, Boolean crossBorder,
      List<Attachment> attachments, Instant formalReviewDue, RegistrationStatus correctionLapse, Instant retainUntil,
      List<HolderShare> shares, LocalDate authorisationEnds, LocalDate dataValidUntil, String validityBasis) {
    this(regNo, profile, status, rightType, asset, holders, consents, applicant, evidenceNos, confidentialHash,
        version, submittedAt, updatedAt, lastTxId, correctionDeadline, noticeStart, noticeEnd, issuedAt, validFrom,
        validUntil, certificateNo, reasonHash, reason, crossBorder, attachments, formalReviewDue, correctionLapse,
        retainUntil, shares, authorisationEnds, dataValidUntil, validityBasis, null);
  }

  /** The registration numbers of other registries' live registrations resting on the same data; empty when none. */
  public List<String> duplicates() {
    return duplicateOf == null ? List.of() : duplicateOf;
  }

  /** A registration as recorded before issue 20: no attachments, review deadlines, shares nor validity caps. */
  public Registration(
      String regNo, String profile, RegistrationStatus status, RightType rightType, AssetDescription asset,
      List<String> holders, List<String> consents, IdentityRef applicant, List<String> evidenceNos,
      String confidentialHash, int version, Instant submittedAt, Instant updatedAt, String lastTxId,
      Instant correctionDeadline, Instant noticeStart, Instant noticeEnd, Instant issuedAt, Instant validFrom,
      Instant validUntil, String certificateNo, String reasonHash, String reason) {
    this(regNo, profile, status, rightType, asset, holders, consents, applicant, evidenceNos, confidentialHash,
        version, submittedAt, updatedAt, lastTxId, correctionDeadline, noticeStart, noticeEnd, issuedAt, validFrom,
        validUntil, certificateNo, reasonHash, reason, false, List.of(), null, null, null, List.of(), null, null, null);
  }

  /** True while the formal review runs past the date the registry committed to. */
  public boolean formalReviewOverdue(Instant now) {
    return status == RegistrationStatus.FORMAL_REVIEW && formalReviewDue != null && now.isAfter(formalReviewDue);
  }

  /** {@code account}'s share as a percentage, e.g. {@code 50.00%}, or {@code unspecified}. */
  public String shareOf(String account) {
    for (HolderShare s : shares) {
      if (s.account().equals(account)) {
        return s.percent();
      }
    }
    return "unspecified";
  }

  /**
   * The status as of {@code now}: the stored status, except that an application past its correction
   * deadline reads WITHDRAWN (deemed withdrawn) or, where the profile makes a lapsed correction a
   * refusal (DL), REJECTED. Expiry is not derived: the sweep records it (see
   * {@link #validityEnded(Instant)} for an issued registration whose validity ended before a sweep).
   */
  public RegistrationStatus effectiveStatus(Instant now) {
    if (status == RegistrationStatus.NEEDS_CORRECTION
        && correctionDeadline != null
        && now.isAfter(correctionDeadline)) {
      return correctionLapse == null ? RegistrationStatus.WITHDRAWN : correctionLapse;
    }
    return status;
  }

  /**
   * True when the registration is recorded ISSUED but its validity ended before {@code now}: the
   * next sweep records it EXPIRED (or cancels it, per profile). A read shows this as a flag; the
   * status stays what the ledger recorded.
   */
  public boolean validityEnded(Instant now) {
    return status == RegistrationStatus.ISSUED && validUntil != null && now.isAfter(validUntil);
  }

  /** True when every co-holder has confirmed the joint application. */
  public boolean jointApplicationConfirmed() {
    return consents.containsAll(holders.subList(1, holders.size()));
  }

  /** A builder that starts from this registration, for the next version. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies a registration with some fields changed. */
  public static final class Builder {
    private String regNo;
    private String profile;
    private RegistrationStatus status;
    private RightType rightType;
    private AssetDescription asset;
    private List<String> holders;
    private List<String> consents;
    private IdentityRef applicant;
    private List<String> evidenceNos;
    private String confidentialHash;
    private int version;
    private Instant submittedAt;
    private Instant updatedAt;
    private String lastTxId;
    private Instant correctionDeadline;
    private Instant noticeStart;
    private Instant noticeEnd;
    private Instant issuedAt;
    private Instant validFrom;
    private Instant validUntil;
    private String certificateNo;
    private String reasonHash;
    private String reason;
    private Boolean crossBorder;
    private List<Attachment> attachments;
    private Instant formalReviewDue;
    private RegistrationStatus correctionLapse;
    private Instant retainUntil;
    private List<HolderShare> shares;
    private LocalDate authorisationEnds;
    private LocalDate dataValidUntil;
    private String validityBasis;
    private List<String> duplicateOf;

    private Builder(Registration r) {
      regNo = r.regNo;
      profile = r.profile;
      status = r.status;
      rightType = r.rightType;
      asset = r.asset;
      holders = r.holders;
      consents = r.consents;
      applicant = r.applicant;
      evidenceNos = r.evidenceNos;
      confidentialHash = r.confidentialHash;
      version = r.version;
      submittedAt = r.submittedAt;
      updatedAt = r.updatedAt;
      lastTxId = r.lastTxId;
      correctionDeadline = r.correctionDeadline;
      noticeStart = r.noticeStart;
      noticeEnd = r.noticeEnd;
      issuedAt = r.issuedAt;
      validFrom = r.validFrom;
      validUntil = r.validUntil;
      certificateNo = r.certificateNo;
      reasonHash = r.reasonHash;
      reason = r.reason;
      crossBorder = r.crossBorder;
      attachments = r.attachments;
      formalReviewDue = r.formalReviewDue;
      correctionLapse = r.correctionLapse;
      retainUntil = r.retainUntil;
      shares = r.shares;
      authorisationEnds = r.authorisationEnds;
      dataValidUntil = r.dataValidUntil;
      validityBasis = r.validityBasis;
      duplicateOf = r.duplicateOf;
    }

    /** Sets the status. */
    public Builder status(RegistrationStatus v) {
      status = v;
      return this;
    }

    /** Sets the description. */
    public Builder asset(AssetDescription v) {
      asset = v;
      return this;
    }

    /** Sets the holders. */
    public Builder holders(List<String> v) {
      holders = v;
      return this;
    }

    /** Sets the holders' shares (empty: unspecified). */
    public Builder shares(List<HolderShare> v) {
      shares = v;
      return this;
    }

    /** Sets the co-holders' confirmations. */
    public Builder consents(List<String> v) {
      consents = v;
      return this;
    }

    /** Sets the evidence references. */
    public Builder evidenceNos(List<String> v) {
      evidenceNos = v;
      return this;
    }

    /** Sets the confidential-material hash. */
    public Builder confidentialHash(String v) {
      confidentialHash = v;
      return this;
    }

    /** Sets the correction deadline. */
    public Builder correctionDeadline(Instant v) {
      correctionDeadline = v;
      return this;
    }

    /** Sets the notice period. */
    public Builder notice(Instant start, Instant end) {
      noticeStart = start;
      noticeEnd = end;
      return this;
    }

    /** Sets the issue time. */
    public Builder issuedAt(Instant v) {
      issuedAt = v;
      return this;
    }

    /** Sets the validity. */
    public Builder validity(Instant from, Instant until) {
      validFrom = from;
      validUntil = until;
      return this;
    }

    /** Sets the certificate in force. */
    public Builder certificateNo(String v) {
      certificateNo = v;
      return this;
    }

    /** Sets the grounds of the last adverse decision. */
    public Builder reason(String hash, String words) {
      reasonHash = hash;
      reason = words;
      return this;
    }

    /** Sets the documents referenced by hash. */
    public Builder attachments(List<Attachment> v) {
      attachments = v;
      return this;
    }

    /** Sets when the formal review is due. */
    public Builder formalReviewDue(Instant v) {
      formalReviewDue = v;
      return this;
    }

    /** Sets what a lapsed correction becomes. */
    public Builder correctionLapse(RegistrationStatus v) {
      correctionLapse = v;
      return this;
    }

    /** Sets the end of the retention period. */
    public Builder retainUntil(Instant v) {
      retainUntil = v;
      return this;
    }

    /** Issue 20: sets the validity caps the registration rests on. */
    public Builder validityCaps(LocalDate authorisationEnd, LocalDate dataValidEnd) {
      authorisationEnds = authorisationEnd;
      dataValidUntil = dataValidEnd;
      return this;
    }

    /** Issue 20: sets what the current validity's end comes from, in words. */
    /** Issue 25: the other registries' registrations resting on the same data. */
    public Builder duplicateOf(List<String> v) {
      duplicateOf = v;
      return this;
    }

    public Builder validityBasis(String v) {
      validityBasis = v;
      return this;
    }

    /**
     * Builds the next version, stamped with the transaction that made it.
     *
     * @param txId the transaction id
     * @param txTime the transaction time
     */
    public Registration build(String txId, Instant txTime) {
      return new Registration(
          regNo, profile, status, rightType, asset, holders, consents, applicant, evidenceNos,
          confidentialHash, version + 1, submittedAt, txTime, txId, correctionDeadline,
          noticeStart, noticeEnd, issuedAt, validFrom, validUntil, certificateNo, reasonHash,
          reason, crossBorder, attachments, formalReviewDue, correctionLapse, retainUntil, shares,
          authorisationEnds, dataValidUntil, validityBasis, duplicateOf);
    }
  }
}
