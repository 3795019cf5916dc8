package io.github.qmp4j.protocol.internal;

import java.time.Duration;

/** A point in {@link System#nanoTime()} time after which a blocking call gives up. */
public final class Deadline {
  private final long deadlineNanos;
  private final Duration timeout;

  private Deadline(Duration timeout) {
    this.timeout = timeout;
    long nanos = saturatedNanos(timeout);
    long now = System.nanoTime();
    this.deadlineNanos = nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
  }

  /** Starts a deadline {@code timeout} from now. */
  public static Deadline after(Duration timeout) {
    return new Deadline(timeout);
  }

  /** Returns the nanoseconds left, 0 once expired. */
  public long remainingNanos() {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  /** Returns the time left, zero once expired. */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }

  /** Returns the timeout this deadline was started with. */
  public Duration timeout() {
    return timeout;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
