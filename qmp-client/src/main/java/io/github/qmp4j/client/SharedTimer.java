package io.github.qmp4j.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of all clients in a JVM: handshake watchdogs and the deadline sweeps of
 * asynchronous commands. Why shared: a timer per client meant a thread per client (1,000 idle
 * threads for 1,000 connections). The thread exists only while something is scheduled (it ends a
 * second after the last task), so idle clients still hold no thread. Tasks are short and never
 * block, and run no user code: a client fails its timed-out calls on a thread of its own.
 */
final class SharedTimer {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private SharedTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "qmp4j-timer");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true); // cancelled watchdogs must not pin their sessions
    t.setKeepAliveTime(KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS);
    t.allowCoreThreadTimeOut(true);
    return t;
  }

  /** Runs {@code task} once after {@code delayNanos}; cancel the result when it is moot. */
  static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return TIMER.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }
}
