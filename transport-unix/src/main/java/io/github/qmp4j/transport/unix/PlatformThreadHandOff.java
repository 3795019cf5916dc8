package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.SocketException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs one socket's junixsocket calls that may block (read, write, accept, connect) on platform
 * threads when the caller is a virtual thread, and directly otherwise.
 *
 * <p>Why: junixsocket 2.10.1 parks a virtual thread that has to wait and polls its socket from a
 * task on {@code CompletableFuture}'s default pool, the common {@code ForkJoinPool}, for as long as
 * the wait lasts. That pool has one thread per core minus one, and a task blocked in a native poll
 * never makes it add threads. So once as many virtual threads wait as it has threads (an idle QMP
 * connection waits for good), every further wait queues behind them and is never served, and waits
 * that need each other (a client's read and the server's read that answers it) deadlock. Java 25
 * shows this with a single pair on 2 cores: {@code CompletableFuture} now uses the common pool even
 * at parallelism 1, where Java 17 to 24 started a thread per task. junixsocket offers no switch for
 * this, and letting the virtual thread block in native code instead would pin its carrier (2 on 2
 * cores) for the whole wait. A platform thread blocked in the kernel costs neither. No call of a
 * socket may run on a virtual thread: while one does, junixsocket routes every call on that socket
 * through its poller, from any thread.
 *
 * <p>The virtual thread waits for the platform thread's call to end and gets its result or
 * exception, so the transport behaves the same on both kinds of thread: an interrupt neither ends
 * nor fails a call (closing the socket does, as the engine always does with one) and stays set for
 * the caller. Each such call costs a hand-off between threads, and each waiting call holds a
 * platform thread. The threads belong to the socket and end once it is closed.
 */
final class PlatformThreadHandOff {
  /** How long a thread without work waits for the socket's next call. */
  private static final long IDLE_SECONDS = 30;

  private static final @Nullable MethodHandle IS_VIRTUAL = findIsVirtual();
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final Object lock = new Object();
  private @Nullable ExecutorService threads; // guarded by lock; made at the first virtual call
  private boolean closed; // guarded by lock

  /** A socket call that may block and returns a value. */
  @FunctionalInterface
  interface BlockingCall<T> {
    T call() throws IOException;
  }

  /** A socket call that may block. */
  @FunctionalInterface
  interface BlockingAction {
    void run() throws IOException;
  }

  /**
   * Runs {@code call} and returns its result, on a platform thread when the caller is virtual.
   *
   * @throws SocketException when a virtual caller calls after {@link #close()}
   * @throws IOException whatever the call threw
   */
  <T> T call(BlockingCall<T> call) throws IOException {
    if (!onVirtualThread()) {
      return call.call();
    }
    Future<T> result;
    try {
      result = threads().submit(call::call);
    } catch (RejectedExecutionException e) {
      throw closedError(); // closed meanwhile
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true; // the call goes on, as it would on a platform thread; see above
        }
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs {@code action}, on a platform thread when the caller is virtual.
   *
   * @throws SocketException when a virtual caller calls after {@link #close()}
   * @throws IOException whatever the action threw
   */
  void run(BlockingAction action) throws IOException {
    call(
        () -> {
          action.run();
          return Boolean.TRUE;
        });
  }

  /**
   * Lets the threads end: idle ones at once, busy ones when their call returns, which closing the
   * socket first makes it do. Later calls from virtual threads fail.
   */
  void close() {
    ExecutorService t;
    synchronized (lock) {
      closed = true;
      t = threads;
    }
    if (t != null) {
      t.shutdown();
    }
  }

  private ExecutorService threads() throws SocketException {
    synchronized (lock) {
      if (closed) {
        throw closedError();
      }
      ExecutorService t = threads;
      if (t == null) {
        // Unbounded on purpose: a read and a write may wait at the same time, each on its own.
        t =
            new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                IDLE_SECONDS,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                PlatformThreadHandOff::newThread);
        threads = t;
      }
      return t;
    }
  }

  private static SocketException closedError() {
    return new SocketException("Socket is closed");
  }

  /** Throws the call's own exception, so callers see the same types as without a hand-off. */
  private static IOException rethrow(@Nullable Throwable cause) throws IOException {
    if (cause instanceof IOException io) {
      throw io;
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    throw new IOException("A socket call failed on its platform thread", cause);
  }

  static boolean onVirtualThread() {
    MethodHandle isVirtual = IS_VIRTUAL;
    if (isVirtual == null) {
      return false;
    }
    try {
      return (boolean) isVirtual.invokeExact(Thread.currentThread());
    } catch (Throwable e) { // invokeExact declares Throwable; Thread.isVirtual() throws nothing
      throw new IllegalStateException("Thread.isVirtual() failed", e);
    }
  }

  /** Finds {@code Thread.isVirtual()} (Java 21+); the code compiles for Java 17. */
  private static @Nullable MethodHandle findIsVirtual() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // before Java 21 there are no virtual threads
    }
  }

  private static Thread newThread(Runnable task) {
    // Not inheriting the caller's inheritable thread-locals: the thread outlives that call.
    Thread thread =
        new Thread(null, task, "qmp4j-unix-io-" + THREAD_NUMBERS.incrementAndGet(), 0, false);
    thread.setDaemon(true);
    return thread;
  }
}
