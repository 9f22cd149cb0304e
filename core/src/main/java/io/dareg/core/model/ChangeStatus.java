package io.dareg.core.model;

/** Where a change or correction application stands (issue 20). */
public enum ChangeStatus {
  /** Applied for; the registry reviews it within the profile's change review period. */
  APPLIED,
  /** Approved: the registration's data was changed and its certificate superseded. */
  APPROVED,
  /** Refused with grounds; the registration is unchanged. */
  REFUSED
}
