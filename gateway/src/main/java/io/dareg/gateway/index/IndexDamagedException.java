package io.dareg.gateway.index;

/** The index file does not read back as it was written: it is rebuilt from the ledger. */
final class IndexDamagedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IndexDamagedException(String message) {
    super(message);
  }
}
