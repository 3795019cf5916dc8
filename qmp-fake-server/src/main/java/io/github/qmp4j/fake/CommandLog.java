package io.github.qmp4j.fake;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands the fake keeps for {@link FakeQmpServer#takeCommand}: in arrival order, at most
 * {@link #capacity()} of them. When full, the oldest is dropped and counted, so a fake that runs
 * for long (a soak, a standalone fake) keeps a bounded amount of memory; recording can also be
 * turned off. Every command is counted, kept or not.
 */
final class CommandLog {
  /** The default capacity: far more than a unit test sends, a few MiB at most. */
  static final int DEFAULT_CAPACITY = 10_000;

  private static final Logger logger = LoggerFactory.getLogger(FakeQmpServer.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<ReceivedCommand> kept = new ArrayDeque<>(); // guarded by lock
  // Written under the lock (or atomically), read without it.
  private volatile int capacity = DEFAULT_CAPACITY;
  private volatile boolean enabled = true;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** Counts a command and keeps it, dropping the oldest when full. */
  void record(ReceivedCommand command) {
    lock.lock();
    try {
      received.incrementAndGet();
      if (!enabled) {
        return;
      }
      if (kept.size() >= capacity) {
        dropOldest();
      }
      kept.addLast(command);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: drops the oldest kept command; warns the first time. */
  private void dropOldest() {
    kept.pollFirst();
    if (dropped.getAndIncrement() == 0) {
      logger.warn(
          "The fake's command log is full ({} commands): dropping the oldest; take them sooner, "
              + "raise commandLogCapacity(...) or turn recordCommands(false)",
          capacity);
    }
  }

  /** Takes the oldest kept command, waiting up to the timeout; {@code null} when none came. */
  @Nullable ReceivedCommand take(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (kept.isEmpty()) {
        if (left <= 0) {
          return null;
        }
        left = notEmpty.awaitNanos(left);
      }
      return kept.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  void enabled(boolean on) {
    enabled = on;
  }

  /** Sets the capacity, dropping (and counting) the oldest commands that no longer fit. */
  void capacity(int commands) {
    if (commands < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + commands);
    }
    lock.lock();
    try {
      capacity = commands;
      while (kept.size() > capacity) {
        dropOldest();
      }
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    return capacity;
  }

  long received() {
    return received.get();
  }

  long dropped() {
    return dropped.get();
  }
}
