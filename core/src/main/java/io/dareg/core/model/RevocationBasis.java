package io.dareg.core.model;

/** Why a registration is revoked (REQUIREMENTS.md §4). */
public enum RevocationBasis {
  /** Obtained by fraud. */
  FRAUD,
  /** A ground for refusal found after issue. */
  REFUSAL_GROUNDS,
  /** The registration causes harm. */
  HARM,
  /** An interested party's petition. */
  PETITION,
  /** A court or regulator order; the only basis a regulator may invoke itself. */
  ORDER
}
