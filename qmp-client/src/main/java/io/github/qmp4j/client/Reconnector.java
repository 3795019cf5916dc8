package io.github.qmp4j.client;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.StateException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Re-establishes a session that ended by an error, on a thread of its own: tears the old session
 * down, then tries {@code connect} with the policy's backoff until it works, the policy gives up,
 * or the user stops it ({@code close()}, a {@code disconnect()} of the broken session, a {@code
 * connect} of their own).
 */
final class Reconnector {
  /** What the reconnector needs from its client. */
  interface Target {
    void tearDown() throws InterruptedException;

    void connect(TransportAddress address) throws InterruptedException;

    /** The reconnector stopped without a session; listeners must learn of the end now. */
    void gaveUp(@Nullable Throwable cause);
  }

  private final ReconnectPolicy policy;
  private final Target target;
  private final ThreadFactory threads;
  private final String threadName;
  private final Logger logger;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private @Nullable Thread thread;
  private boolean cancelled;
  private boolean tornDown;
  private @Nullable Throwable restart; // a session ended while this thread was finishing

  Reconnector(
      ReconnectPolicy policy,
      Target target,
      ThreadFactory threads,
      String threadName,
      Logger logger) {
    this.policy = policy;
    this.target = target;
    this.threads = threads;
    this.threadName = threadName;
    this.logger = logger;
  }

  boolean enabled() {
    return policy.enabled();
  }

  /**
   * Starts reconnecting; returns false when it cannot (disabled). A session that ends while the
   * reconnector is still finishing (it connected, and the new session ended at once) makes it go
   * round again rather than leave the client stuck without a session.
   */
  boolean start(Throwable cause, TransportAddress address) {
    if (!policy.enabled()) {
      return false;
    }
    lock.lock();
    try {
      if (thread != null) {
        restart = cause;
        return true;
      }
      cancelled = false; // a cancel of an earlier reconnect says nothing about this one
      tornDown = false;
      Thread t = threads.newThread(() -> run(cause, address));
      t.setName(threadName);
      thread = t;
      t.start();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Tells whether a reconnect is in progress. */
  boolean active() {
    lock.lock();
    try {
      return thread != null;
    } finally {
      lock.unlock();
    }
  }

  /** Tells whether the calling thread is the reconnector's. */
  boolean isCurrentThread() {
    lock.lock();
    try {
      return thread == Thread.currentThread();
    } finally {
      lock.unlock();
    }
  }

  /** The old session was torn down by someone else: the user wants it over. */
  void foreignTearDown() {
    lock.lock();
    try {
      if (thread != null && !tornDown) {
        cancelLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops reconnecting and waits briefly for the thread to finish. */
  void cancel() {
    Thread t;
    lock.lock();
    try {
      t = thread;
      if (t == null) {
        return;
      }
      cancelLocked();
    } finally {
      lock.unlock();
    }
    if (t != Thread.currentThread()) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void cancelLocked() {
    cancelled = true;
    changed.signalAll();
    Thread t = thread;
    if (t != null && tornDown) {
      t.interrupt(); // aborts a connect attempt in progress
    }
  }

  private void run(Throwable cause, TransportAddress address) {
    Throwable next = cause;
    while (true) {
      Outcome outcome = reconnect(next, address);
      Throwable again;
      boolean goAgain;
      lock.lock();
      try {
        again = restart;
        restart = null;
        goAgain = again != null && outcome.connected && !cancelled;
        if (goAgain) {
          tornDown = false;
        } else {
          thread = null;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
      if (goAgain && again != null) {
        next = again; // the session it made ended at once: tear it down and go round again
        continue;
      }
      Thread.interrupted(); // our own cancel() may have interrupted us; the flag dies with us
      if (!outcome.connected) {
        target.gaveUp(outcome.last);
      } else if (again != null) {
        target.gaveUp(again); // cancelled meanwhile: the session that ended has no successor
      }
      return;
    }
  }

  private record Outcome(boolean connected, @Nullable Throwable last) {}

  private Outcome reconnect(Throwable cause, TransportAddress address) {
    Throwable last = cause;
    try {
      try {
        target.tearDown();
      } catch (SessionException e) {
        logger.debug("Tore down the broken session: {}", e.getMessage());
      }
      lock.lock();
      try {
        tornDown = true;
        if (cancelled) {
          return new Outcome(false, last);
        }
      } finally {
        lock.unlock();
      }
      for (int attempt = 1;
          policy.maxAttempts() == 0 || attempt <= policy.maxAttempts();
          attempt++) {
        if (!pause(policy.delayBefore(attempt).toNanos())) {
          return new Outcome(false, last);
        }
        try {
          logger.info("Reconnecting to {} (attempt {})", address, attempt);
          target.connect(address);
          logger.info("Reconnected to {}", address);
          return new Outcome(true, null);
        } catch (ConnectException e) {
          last = e;
          logger.warn("Reconnect attempt {} to {} failed: {}", attempt, address, e.getMessage());
        }
      }
      logger.error("Giving up reconnecting to {} after {} attempts", address, policy.maxAttempts());
    } catch (CancellationException | StateException e) {
      logger.debug("Reconnecting stopped: {}", e.toString());
    } catch (InterruptedException e) {
      logger.debug("Reconnecting interrupted");
    } catch (RuntimeException e) {
      last = e;
      logger.error("Reconnecting failed", e);
    }
    return new Outcome(false, last);
  }

  /** Waits before an attempt; false when cancelled meanwhile. */
  private boolean pause(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!cancelled && left > 0) {
        left = changed.awaitNanos(left);
      }
      return !cancelled;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Reconnector[" + policy + "]";
  }
}
