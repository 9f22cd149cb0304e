package io.dareg.client;

/**
 * The gateway could not be reached, or did not answer in time; nothing is known about whether a
 * submitted transaction was committed, so look it up before retrying.
 *
 * <pre>{@code
 * try {
 *   client.publicNotices();
 * } catch (GatewayUnreachableException e) {
 *   // retry later; the dareg command exits with code 4
 * }
 * }</pre>
 */
public final class GatewayUnreachableException extends DaregException {
  private static final long serialVersionUID = 1L;

  GatewayUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
