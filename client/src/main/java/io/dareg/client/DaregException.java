package io.dareg.client;

/**
 * Why a call to the gateway did not succeed. {@link ProblemException} when the gateway answered with
 * an RFC 9457 problem; {@link GatewayUnreachableException} when it could not be reached.
 *
 * <pre>{@code
 * try {
 *   client.issue(regNo);
 * } catch (ProblemException.Conflict e) {
 *   System.err.println(e.detail());     // e.g. "the public notice ... runs until ..."
 * }
 * }</pre>
 */
public abstract sealed class DaregException extends RuntimeException permits ProblemException, GatewayUnreachableException {
  private static final long serialVersionUID = 1L;

  DaregException(String message, Throwable cause) {
    super(message, cause);
  }
}
