package io.dareg.core.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a registration stands in the lifecycle of REQUIREMENTS.md §4.
 *
 * <pre>
 * SUBMITTED -> FORMAL_REVIEW -> (NEEDS_CORRECTION -> FORMAL_REVIEW | deemed WITHDRAWN on timeout)
 *           -> SUBSTANTIVE_REVIEW -> PUBLIC_NOTICE -> (OBJECTION_PENDING -> PUBLIC_NOTICE | REJECTED)
 *           -> ISSUED -> EXPIRED | SUSPENDED | REVOKED | ABANDONED | CANCELLED
 * any state before ISSUED -> WITHDRAWN (applicant) | REJECTED (registry, with grounds)
 * </pre>
 *
 * <p>A renewal keeps the registration ISSUED with a later end of validity. EXPIRED is derived from
 * time: a registration whose validity (plus the profile's grace) has passed reads as EXPIRED, and a
 * renewal inside the grace brings it back.
 */
public enum RegistrationStatus {
  /** Applied for; waiting for the registry to accept it for formal review. */
  SUBMITTED("已提交"),
  /** The registry checks completeness and form. */
  FORMAL_REVIEW("形式审查"),
  /** The applicant must correct the application before a deadline, else it is deemed withdrawn. */
  NEEDS_CORRECTION("补正"),
  /** A reviewer checks authenticity and compliance. */
  SUBSTANTIVE_REVIEW("实质审查"),
  /** The registration is published for objections until the notice ends. */
  PUBLIC_NOTICE("公示"),
  /** An objection is pending: the procedure pauses until it is resolved. */
  OBJECTION_PENDING("异议处理"),
  /** Registered: the certificate is in force. */
  ISSUED("已登记"),
  /** Validity and grace have passed without renewal. */
  EXPIRED("已失效"),
  /** Suspended by the registry or on an order; may be resumed. */
  SUSPENDED("已暂停"),
  /** Revoked by the registry or on a court or regulator order. */
  REVOKED("已撤销"),
  /** The holder gave up the registered right. */
  ABANDONED("已放弃"),
  /** Cancelled (注销) on the holder's request or after a judgment; records are kept. */
  CANCELLED("已注销"),
  /** Withdrawn by the applicant, or deemed withdrawn when a correction deadline passed. */
  WITHDRAWN("已撤回"),
  /** Refused by the registry, with grounds. */
  REJECTED("已驳回");

  private static final Set<RegistrationStatus> BEFORE_ISSUE =
      EnumSet.of(
          SUBMITTED,
          FORMAL_REVIEW,
          NEEDS_CORRECTION,
          SUBSTANTIVE_REVIEW,
          PUBLIC_NOTICE,
          OBJECTION_PENDING);

  private final String label;

  RegistrationStatus(String label) {
    this.label = label;
  }

  /** The Chinese name used in notices and certificates. */
  public String label() {
    return label;
  }

  /** True for the states an application passes through before it is issued. */
  public boolean beforeIssue() {
    return BEFORE_ISSUE.contains(this);
  }

  /** True when no further transition is possible. */
  public boolean terminal() {
    return this == REVOKED || this == ABANDONED || this == CANCELLED || this == WITHDRAWN
        || this == REJECTED;
  }

  /** The states this one may move to by a transaction (derived expiry is not a transaction). */
  public Set<RegistrationStatus> next() {
    switch (this) {
      case SUBMITTED:
        return EnumSet.of(FORMAL_REVIEW, WITHDRAWN, REJECTED);
      case FORMAL_REVIEW:
        return EnumSet.of(NEEDS_CORRECTION, SUBSTANTIVE_REVIEW, WITHDRAWN, REJECTED);
      case NEEDS_CORRECTION:
        return EnumSet.of(FORMAL_REVIEW, WITHDRAWN, REJECTED);
      case SUBSTANTIVE_REVIEW:
        return EnumSet.of(PUBLIC_NOTICE, WITHDRAWN, REJECTED);
      case PUBLIC_NOTICE:
        return EnumSet.of(OBJECTION_PENDING, ISSUED, WITHDRAWN, REJECTED);
      case OBJECTION_PENDING:
        return EnumSet.of(PUBLIC_NOTICE, WITHDRAWN, REJECTED);
      case ISSUED:
        return EnumSet.of(SUSPENDED, REVOKED, ABANDONED, CANCELLED);
      case EXPIRED:
        return EnumSet.of(ISSUED, REVOKED, CANCELLED);
      case SUSPENDED:
        return EnumSet.of(ISSUED, REVOKED, CANCELLED);
      default:
        return EnumSet.noneOf(RegistrationStatus.class);
    }
  }

  /** True when a transaction may move a registration from this state to {@code target}. */
  public boolean canMoveTo(RegistrationStatus target) {
    return next().contains(target);
  }
}
