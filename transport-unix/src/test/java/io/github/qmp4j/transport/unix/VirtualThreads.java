package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.conformance.Eventually;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/**
 * Runs test calls on virtual threads where the JDK has them (21+, found reflectively: the tests
 * compile for 17) and on platform threads otherwise, so the same tests run on both.
 */
final class VirtualThreads {
  private static final ThreadFactory FACTORY = find();
  private static final boolean AVAILABLE = isVirtual(FACTORY.newThread(() -> {}));

  private VirtualThreads() {}

  /** A call running on its own thread. */
  record Running<T>(Thread thread, CompletableFuture<T> result) {}

  private static ThreadFactory find() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      return (ThreadFactory)
          Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      return task -> {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
      };
    }
  }

  private static boolean isVirtual(Thread thread) {
    try {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      return (Boolean) isVirtual.invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false; // before Java 21 every thread is a platform thread
    }
  }

  /** Tells whether {@link #start} makes virtual threads on this JDK. */
  static boolean available() {
    return AVAILABLE;
  }

  /** Starts {@code call} on a new thread; never on a pool, which the tests must not depend on. */
  static <T> Running<T> start(Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        FACTORY.newThread(
            () -> {
              try {
                result.complete(call.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    thread.start();
    return new Running<>(thread, result);
  }

  /**
   * Waits until a virtual thread has parked, which a blocking socket call on one does while it
   * waits. A platform thread blocked in the kernel looks RUNNABLE, so for those this returns at
   * once; they never depend on a pool to wake up.
   */
  static void awaitParked(Running<?> running) throws InterruptedException {
    if (!isVirtual(running.thread())) {
      return;
    }
    Eventually.waitFor(
        running.thread() + " to park",
        Duration.ofSeconds(5),
        () ->
            running.result().isDone()
                || running.thread().getState() == Thread.State.WAITING
                || running.thread().getState() == Thread.State.TIMED_WAITING);
  }
}
