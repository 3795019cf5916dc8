package io.github.qmp4j.fake;

import java.util.ArrayDeque;
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
  private final ArrayDeque<ReceivedCommand> kept = new ArrayDeque<>();
  private int capacity = DEFAULT_CAPACITY; // guarded by lock
  private boolean enabled = true; // guarded by lock
  private long received; // guarded by lock
  private long dropped; // guarded by lock

  /** Counts a command and keeps it, dropping the oldest when full. */
  void record(ReceivedCommand command) {
    boolean firstDrop = false;
    lock.lock();
    try {
      received++;
      if (!enabled) {
        return;
      }
      if (kept.size() >= capacity) {
        kept.pollFirst();
        firstDrop = dropped++ == 0;
      }
      kept.addLast(command);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    if (firstDrop) {
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
    lock.lock();
    try {
      enabled = on;
    } finally {
      lock.unlock();
    }
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
        kept.pollFirst();
        dropped++;
      }
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    lock.lock();
    try {
      return capacity;
    } finally {
      lock.unlock();
    }
  }

  boolean enabled() {
    lock.lock();
    try {
      return enabled;
    } finally {
      lock.unlock();
    }
  }

  long received() {
    lock.lock();
    try {
      return received;
    } finally {
      lock.unlock();
    }
  }

  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return kept.size();
    } finally {
      lock.unlock();
    }
  }
}
