package io.github.qmp4j.benchmarks;

import java.util.Arrays;

/**
 * Per-operation latencies and the wall time of the rounds they were measured in. Not thread-safe:
 * each measuring thread records into its own instance, then they are {@link #merge merged}.
 */
final class Latencies {
  private long[] nanos;
  private int count;
  private long wallNanos;
  private long operations;
  private double[] roundRates = new double[8];
  private int rounds;

  Latencies(int expected) {
    this.nanos = new long[Math.max(16, expected)];
  }

  void record(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  /** Adds a timed round: {@code ops} operations that took {@code wall} nanoseconds together. */
  void addRound(long ops, long wall) {
    operations += ops;
    wallNanos += wall;
    if (rounds == roundRates.length) {
      roundRates = Arrays.copyOf(roundRates, rounds * 2);
    }
    roundRates[rounds++] = wall == 0 ? 0 : ops * 1e9 / wall;
  }

  void merge(Latencies other) {
    for (int i = 0; i < other.count; i++) {
      record(other.nanos[i]);
    }
  }

  long operations() {
    return operations;
  }

  long wallNanos() {
    return wallNanos;
  }

  /**
   * Operations per second: the median of the timed rounds' rates from 3 rounds on, else over all of
   * them. On a machine shared with other work a burst of load slows one or two short rounds of one
   * client; the median of many alternating rounds shrugs that off, the mean does not.
   */
  double rate() {
    if (rounds >= 3) {
      double[] sorted = Arrays.copyOf(roundRates, rounds);
      Arrays.sort(sorted);
      return rounds % 2 == 1
          ? sorted[rounds / 2]
          : (sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2;
    }
    return wallNanos == 0 ? 0 : operations * 1e9 / wallNanos;
  }

  /** The given percentile in microseconds, or NaN without samples. */
  double percentileMicros(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
    return sorted[index] / 1000.0;
  }
}
