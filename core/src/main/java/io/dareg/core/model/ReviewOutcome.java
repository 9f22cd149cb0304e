package io.dareg.core.model;

/** What a review decided. */
public enum ReviewOutcome {
  /** The application passes this review. */
  PASS,
  /** The applicant must correct it (formal review only). */
  NEEDS_CORRECTION,
  /** The application fails: the registry rejects it with grounds. */
  REJECT
}
