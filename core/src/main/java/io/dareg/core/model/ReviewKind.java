package io.dareg.core.model;

/** The two reviews an application passes. */
public enum ReviewKind {
  /** Completeness and form, by the registry (形式审查). */
  FORMAL,
  /** Authenticity and compliance, by a reviewer (实质审查). */
  SUBSTANTIVE
}
