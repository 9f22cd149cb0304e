package io.dareg.client;

/**
 * The gateway could not be reached, or did not answer in time. A write is its author's signed
 * request, which the ledger commits at most once: the client has already sent it again a few times,
 * and sending the same request again later is safe (a repeat answers with the first result).
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
