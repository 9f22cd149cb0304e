package io.dareg.gateway.ledger;

/** Why a ledger call did not succeed: refused by the rules, or the ledger could not serve. */
public abstract class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
