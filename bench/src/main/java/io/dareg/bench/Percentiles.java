package io.dareg.bench;

/** Percentiles of sorted latencies, as the benchmarks report them. */
final class Percentiles {
  private Percentiles() {}

  /** The {@code p} quantile (0..1) of {@code sortedNanos} (not empty), nearest rank. */
  static long nanos(long[] sortedNanos, double p) {
    return sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * p))];
  }

  /** The same in milliseconds; NaN for no latencies. */
  static double millis(long[] sortedNanos, double p) {
    return sortedNanos.length == 0 ? Double.NaN : nanos(sortedNanos, p) / 1e6;
  }
}
