package io.dareg.gateway.http;

import java.time.Duration;

/**
 * What the gateway takes from any one request and caller.
 *
 * @param maxBody the largest request body, in bytes (413 beyond)
 * @param publicPerMinute requests a minute one address may make to the public operations (429 beyond)
 * @param requestTimeout how long the gateway works on one request before it answers 503
 * @param idleTimeout how long a connection may sit idle, or trickle, before it is closed
 */
public record Limits(long maxBody, int publicPerMinute, Duration requestTimeout, Duration idleTimeout) {
  /** Checks each limit, saying which is wrong. */
  public Limits {
    if (maxBody < 1) {
      throw new IllegalArgumentException("the body limit must be at least 1 byte, not " + maxBody);
    }
    if (publicPerMinute < 1) {
      throw new IllegalArgumentException("the public rate limit must be at least 1 request a minute, not " + publicPerMinute);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** 600 public requests a minute per address, 30 s per request, 60 s idle, with the given body limit. */
  public static Limits defaults(long maxBody) {
    return new Limits(maxBody, 600, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }
}
