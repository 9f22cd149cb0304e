package io.dareg.core.api;

import java.time.Instant;
import java.util.List;

/**
 * What one sweep recorded (issue 20): the sweep is a transaction, so every change time made true
 * is on the ledger with the sweep's transaction id, and nothing is changed by a read.
 *
 * @param sweptAt the sweep's transaction time
 * @param expired registrations recorded EXPIRED (validity ended, no renewal yet)
 * @param cancelled registrations cancelled and announced because they expired without renewal (per profile)
 * @param lapsedObjections objections registered after issue removed because the objector showed no court or
 *     arbitration filing in time
 * @param overdueForwarding objections the registry has not forwarded to the holder by their deadline (not changed:
 *     the registry is late)
 * @param overdueChangeReviews change and correction applications not decided by their deadline (not changed)
 * @param more true when the sweep stopped at its limit and another sweep records the rest
 */
public record SweepResult(
    Instant sweptAt,
    List<String> expired,
    List<String> cancelled,
    List<String> lapsedObjections,
    List<String> overdueForwarding,
    List<String> overdueChangeReviews,
    boolean more) {
  /** Defensive copies. */
  public SweepResult {
    expired = List.copyOf(expired);
    cancelled = List.copyOf(cancelled);
    lapsedObjections = List.copyOf(lapsedObjections);
    overdueForwarding = List.copyOf(overdueForwarding);
    overdueChangeReviews = List.copyOf(overdueChangeReviews);
  }

  /** True when the sweep recorded a change. */
  public boolean changed() {
    return !expired.isEmpty() || !cancelled.isEmpty() || !lapsedObjections.isEmpty();
  }
}
