package io.github.qmp4j.client;

import java.time.Duration;

/**
 * Whether and how a client re-establishes a session that ended by an error (QEMU restarted, the
 * socket broke): the delay before each attempt starts at {@link #initialDelay()}, grows by {@link
 * #multiplier()} up to {@link #maxDelay()}, and the client gives up after {@link #maxAttempts()} (0
 * means never). Immutable; the {@code with} methods return copies.
 *
 * <p>A session that ended by {@code disconnect()}, {@code close()} or after {@code quit} is not
 * re-established. Only sessions made with {@code connect} are: server mode waits for the peer.
 */
public final class ReconnectPolicy {
  private static final ReconnectPolicy NONE =
      new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, 1, 0);

  private final boolean enabled;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final int maxAttempts;

  private ReconnectPolicy(
      boolean enabled,
      Duration initialDelay,
      Duration maxDelay,
      double multiplier,
      int maxAttempts) {
    this.enabled = enabled;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.multiplier = multiplier;
    this.maxAttempts = maxAttempts;
  }

  /** Returns the policy that never reconnects (the default). */
  public static ReconnectPolicy none() {
    return NONE;
  }

  /**
   * Returns exponential backoff: 100 ms, doubling, at most 10 s between attempts, without limit.
   */
  public static ReconnectPolicy exponentialBackoff() {
    return new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0);
  }

  /**
   * Returns a copy with another first delay.
   *
   * @param delay a non-negative duration
   * @return the new policy
   */
  public ReconnectPolicy withInitialDelay(Duration delay) {
    requireNonNegative(delay);
    return new ReconnectPolicy(enabled, delay, maxDelay, multiplier, maxAttempts);
  }

  /**
   * Returns a copy with another longest delay.
   *
   * @param delay a non-negative duration
   * @return the new policy
   */
  public ReconnectPolicy withMaxDelay(Duration delay) {
    requireNonNegative(delay);
    return new ReconnectPolicy(enabled, initialDelay, delay, multiplier, maxAttempts);
  }

  /**
   * Returns a copy with another growth factor.
   *
   * @param factor at least 1
   * @return the new policy
   */
  public ReconnectPolicy withMultiplier(double factor) {
    if (!(factor >= 1.0)) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + factor);
    }
    return new ReconnectPolicy(enabled, initialDelay, maxDelay, factor, maxAttempts);
  }

  /**
   * Returns a copy with another attempt limit.
   *
   * @param attempts how many attempts before giving up; 0 for no limit
   * @return the new policy
   */
  public ReconnectPolicy withMaxAttempts(int attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("maxAttempts must not be negative: " + attempts);
    }
    return new ReconnectPolicy(enabled, initialDelay, maxDelay, multiplier, attempts);
  }

  private static void requireNonNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + d);
    }
  }

  /** Tells whether this policy reconnects at all. */
  public boolean enabled() {
    return enabled;
  }

  /** Returns the delay before the first attempt. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** Returns the longest delay between attempts. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Returns the factor by which the delay grows after each failed attempt. */
  public double multiplier() {
    return multiplier;
  }

  /** Returns how many attempts are made before giving up; 0 means no limit. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the delay before an attempt.
   *
   * @param attempt the attempt number, from 1
   * @return the delay
   */
  public Duration delayBefore(int attempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capped = (long) Math.min(millis, (double) maxDelay.toMillis());
    return Duration.ofMillis(Math.max(0, capped));
  }

  @Override
  public String toString() {
    return enabled
        ? "ReconnectPolicy["
            + initialDelay
            + ".."
            + maxDelay
            + " x"
            + multiplier
            + ", attempts "
            + (maxAttempts == 0 ? "unlimited" : maxAttempts)
            + "]"
        : "ReconnectPolicy[none]";
  }
}
