package io.dareg.core.model;

/** What a trade hands over. */
public enum TradeKind {
  /** The registered right itself: leads to a transfer registration. */
  TRANSFER,
  /** A licence with scope, scenarios and term: adds a licence encumbrance. */
  LICENCE
}
