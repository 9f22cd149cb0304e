package io.dareg.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset that a dev-mode operator can move forward, so that a demo can let
 * a notice period pass. Only {@code serve --dev} uses it; a production gateway runs on the system
 * clock. On the embedded ledger every move is recorded on the chain first ({@code moveDevClock}),
 * and the recorded offset is restored at start, so a restart never dates a block before the last.
 */
public final class DevClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  /** Moves time forward. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    synchronized (this) {
      offset = offset.plus(d);
    }
  }

  /** Runs {@code offset} ahead of the system clock from now on; never less far ahead than it already runs. */
  public void moveTo(Duration offset) {
    synchronized (this) {
      if (offset.compareTo(this.offset) > 0) {
        this.offset = offset;
      }
    }
  }

  /** How far ahead of the system clock this clock runs. */
  public Duration offset() {
    return offset;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
