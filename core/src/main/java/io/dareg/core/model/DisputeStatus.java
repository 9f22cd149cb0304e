package io.dareg.core.model;

/** Where a dispute over a trade stands. */
public enum DisputeStatus {
  /** A party has raised a dispute with the exchange. */
  DISPUTED,
  /** The exchange has recorded the outcome. */
  RESOLVED
}
