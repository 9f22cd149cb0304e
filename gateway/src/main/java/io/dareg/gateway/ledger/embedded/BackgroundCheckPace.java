package io.dareg.gateway.ledger.embedded;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces the background check of the chain so that queries come first. Queries say when they start
 * and end; after each block the check rests while the ledger is answering queries (one is running,
 * or one ended less than {@link #QUIET_NANOS} ago), for at most {@link #REST_PER_WORK} times as long
 * as that block took to check. So on an idle ledger the check never rests, and under a steady stream
 * of queries it still gets a tenth of the time and finishes.
 */
final class BackgroundCheckPace {
  /** How long after its last query the ledger counts as idle: about one block's check. */
  static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** The longest rest after a block, in multiples of the time that block took to check. */
  static final int REST_PER_WORK = 9;
  /** How often a resting check looks again whether the queries have stopped. */
  private static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicInteger running = new AtomicInteger();
  private volatile long lastEnded = System.nanoTime() - QUIET_NANOS;

  void queryStarted() {
    running.incrementAndGet();
  }

  void queryEnded() {
    lastEnded = System.nanoTime();
    running.decrementAndGet();
  }

  /** Whether the ledger is answering queries: one is running, or one ended a moment ago. */
  boolean busy() {
    return running.get() > 0 || System.nanoTime() - lastEnded < QUIET_NANOS;
  }

  /**
   * Rests after a block whose check took {@code workNanos}, while queries are being answered and
   * {@code stop} is false; returns how long it rested, in nanoseconds.
   */
  long rest(long workNanos, BooleanSupplier stop) {
    if (!busy()) {
      return 0;
    }
    long started = System.nanoTime();
    long limit = workNanos * REST_PER_WORK;
    while (busy() && !stop.getAsBoolean()) {
      long left = limit - (System.nanoTime() - started);
      if (left <= 0) {
        break;
      }
      LockSupport.parkNanos(Math.min(left, LOOK_AGAIN_NANOS));
    }
    return System.nanoTime() - started;
  }
}
