package io.dareg.gateway.ledger;

/** The ledger cannot serve: it failed its checks, its disk failed, or it is closed. */
public final class UnavailableException extends LedgerException {
  private static final long serialVersionUID = 1L;

  /** Why, and the cause if there is one. */
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
