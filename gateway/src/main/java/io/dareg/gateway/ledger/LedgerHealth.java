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
    /** Not serving until an operator acts. */
    FAILED
  }

  /** True when the ledger serves. */
  public boolean ready() {
    return state == State.READY;
  }
}
