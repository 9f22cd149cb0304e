package io.dareg.core.model;

/** Where an objection stands. */
public enum ObjectionStatus {
  /** Raised; the registration pauses. */
  RAISED,
  /** The holder answered. */
  ANSWERED,
  /** An ownership dispute waiting for the objector's court or arbitration filing. */
  AWAITING_FILING,
  /** The objector showed a filing in time; the dispute waits for the court. */
  FILED,
  /** The objection succeeded: the registration is rejected. */
  UPHELD,
  /** The objection failed: the notice resumes. */
  DISMISSED,
  /** No filing was shown within the period: the procedure resumes. */
  LAPSED;

  /** True while the objection holds up the registration. */
  public boolean pending() {
    return this == RAISED || this == ANSWERED || this == AWAITING_FILING || this == FILED;
  }
}
