package io.github.qmp4j.protocol.conformance;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Waits on a condition with a deadline (never a bare sleep), and finds leaked engine threads. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} until it holds, failing with {@code what} after {@code timeout}. */
  public static void waitFor(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  /** Returns the names of live threads the engine started (reader and writer loops). */
  public static Set<String> engineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("qmp4j-reader") || n.startsWith("qmp4j-writer"))
        .collect(Collectors.toSet());
  }

  /** Waits until no engine thread is alive. */
  public static void noEngineThreads() throws InterruptedException {
    waitFor(
        "engine threads to end: " + engineThreads(),
        Duration.ofSeconds(5),
        () -> engineThreads().isEmpty());
  }
}
