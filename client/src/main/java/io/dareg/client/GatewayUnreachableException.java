package io.dareg.client;

/** The gateway could not be reached, or did not answer in time. */
public final class GatewayUnreachableException extends DaregException {
  private static final long serialVersionUID = 1L;

  GatewayUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
