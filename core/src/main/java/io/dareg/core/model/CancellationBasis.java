package io.dareg.core.model;

/** Why a registration is cancelled (注销). */
public enum CancellationBasis {
  /** The holder asked for it. */
  HOLDER_REQUEST,
  /** A judgment requires it. */
  JUDGMENT
}
