package io.dareg.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How often one address may call the public (unauthenticated) operations: a token bucket per
 * address holding up to a minute's allowance and refilling evenly over the minute. Authenticated
 * callers are held to account by their tokens and the audit log instead.
 */
final class PublicRateLimit {
  /** Beyond this many addresses, idle buckets are dropped before a new one is made. */
  static final int MAX_ADDRESSES = 100_000;

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  /** {@code perMinute} requests a minute per address; {@code nanoTime} is the clock (System::nanoTime). */
  PublicRateLimit(int perMinute, LongSupplier nanoTime) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("the public rate limit must be at least 1 request a minute, not " + perMinute);
    }
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
  }

  /** Takes one request's allowance for {@code address}: 0 when allowed, else the seconds to wait. */
  long take(String address) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
      // A full bucket is as good as none: drop those that have refilled.
      buckets.values().removeIf(b -> refilled(b, now) >= perMinute);
    }
    Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(perMinute, now));
    synchronized (b) {
      b.tokens = refilled(b, now);
      b.updated = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      double secondsPerToken = 60.0 / perMinute;
      return Math.max(1, (long) Math.ceil((1 - b.tokens) * secondsPerToken));
    }
  }

  private double refilled(Bucket b, long now) {
    double elapsedMinutes = (now - b.updated) / (double) TimeUnit.MINUTES.toNanos(1);
    return Math.min(perMinute, b.tokens + elapsedMinutes * perMinute);
  }
}
