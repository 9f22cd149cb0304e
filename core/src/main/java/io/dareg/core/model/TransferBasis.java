package io.dareg.core.model;

/** Why a registered right changes hands. */
public enum TransferBasis {
  /** An agreement: both parties apply, one proposes and the other accepts. */
  AGREEMENT,
  /** Inheritance: recorded unilaterally by the registry. */
  INHERITANCE,
  /** A court judgment: recorded unilaterally by the registry. */
  COURT_JUDGMENT,
  /** The holder changed its name (or merged): recorded unilaterally by the registry. */
  NAME_CHANGE;

  /** True when the registry may record it without the former holder's acceptance. */
  public boolean unilateral() {
    return this != AGREEMENT;
  }
}
