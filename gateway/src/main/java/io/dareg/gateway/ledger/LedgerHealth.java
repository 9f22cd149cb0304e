package io.dareg.gateway.ledger;

/**
 * Whether a ledger serves.
 *
 * @param state starting, ready or failed
 * @param detail what is wrong, or a short summary when ready
 */
public record LedgerHealth(State state, String detail) {
  /** The states. */
  public enum State {
    /** Still checking the chain. */
    STARTING,
    /** Serving. */
    READY,
    /** Serving reads; refusing writes because the disk refused one. */
    READ_ONLY,
    /** Not serving until an operator acts. */
    FAILED
  }

  /** True when the ledger serves reads and writes. */
  public boolean ready() {
    return state == State.READY;
  }

  /** True when the ledger answers queries (ready, or read-only after a failed write). */
  public boolean readable() {
    return state == State.READY || state == State.READ_ONLY;
  }
}
