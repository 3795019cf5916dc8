package io.github.qmp4j.client;

import io.github.qmp4j.protocol.DisconnectedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The bounded queue behind one {@link EventListener} or {@link EventSubscription}. The reader
 * thread offers events without ever waiting; consumers take them, or a dispatcher thread hands them
 * to a callback in order.
 *
 * <p>States: OPEN receives; ENDED means the session is over (reported once the queue is drained,
 * until a new session reopens it); CLOSED means removed by the user; OVERFLOWED is the end of a
 * {@link OverflowPolicy#FAIL} queue that was full.
 */
final class EventQueue {
  private enum State {
    OPEN,
    ENDED,
    CLOSED,
    OVERFLOWED
  }

  private final EventFilter filter;
  private final int capacity;
  private final OverflowPolicy policy;
  private final Logger logger;
  private final @Nullable Consumer<QmpEvent> callback;
  private final ThreadFactory threads;
  private final String threadName;
  private final Consumer<EventQueue> onClose;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<QmpEvent> queue = new ArrayDeque<>();
  private State state = State.OPEN;
  private @Nullable Throwable endCause;
  private long dropped;
  private long refused;
  private boolean dispatching;

  EventQueue(
      EventFilter filter,
      int capacity,
      OverflowPolicy policy,
      Logger logger,
      @Nullable Consumer<QmpEvent> callback,
      ThreadFactory threads,
      String threadName,
      Consumer<EventQueue> onClose) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.filter = filter;
    this.capacity = capacity;
    this.policy = policy;
    this.logger = logger;
    this.callback = callback;
    this.threads = threads;
    this.threadName = threadName;
    this.onClose = onClose;
  }

  EventFilter filter() {
    return filter;
  }

  int capacity() {
    return capacity;
  }

  OverflowPolicy policy() {
    return policy;
  }

  /** On the reader thread: whether the filter accepts the event; a failing predicate does not. */
  boolean accepts(QmpEvent event) {
    try {
      return filter.test(event);
    } catch (RuntimeException e) {
      logger.warn("Event filter {} failed on {}; not delivered", filter, event.name(), e);
      return false;
    }
  }

  /** On the reader thread: queues an event or applies the overflow policy. Never blocks. */
  void offer(QmpEvent event) {
    boolean startDispatcher = false;
    long droppedNow = 0;
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      if (state == State.OVERFLOWED) {
        refused++;
        return;
      }
      if (queue.size() >= capacity) {
        switch (policy) {
          case FAIL -> {
            state = State.OVERFLOWED;
            refused = 1;
            changed.signalAll();
            logger.error(
                "Event queue {} is full (capacity {}); it stops receiving at {}",
                filter,
                capacity,
                event.name());
            return;
          }
          case DROP_OLDEST -> {
            queue.poll();
            droppedNow = ++dropped;
          }
          case DROP_NEWEST -> {
            droppedNow = ++dropped;
            warnDropped(droppedNow, event);
            return;
          }
        }
      }
      queue.add(event);
      changed.signal();
      if (callback != null && !dispatching) {
        dispatching = true;
        startDispatcher = true;
      }
    } finally {
      lock.unlock();
    }
    if (droppedNow > 0) {
      warnDropped(droppedNow, event);
    }
    if (startDispatcher) {
      Thread t = threads.newThread(this::dispatchLoop);
      t.setName(threadName);
      t.start();
    }
  }

  private void warnDropped(long count, QmpEvent event) {
    if (count == 1 || count % 1000 == 0) {
      logger.warn(
          "Event queue {} is full (capacity {}): {} event(s) dropped so far by {} (now {})",
          filter,
          capacity,
          count,
          policy,
          event.name());
    }
  }

  /** The session ended: consumers see the end once they have drained the queue. */
  void end(@Nullable Throwable cause) {
    lock.lock();
    try {
      if (state == State.OPEN) {
        state = State.ENDED;
        endCause = cause;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A new session starts: an ended queue receives again. */
  void reopen() {
    lock.lock();
    try {
      if (state == State.ENDED) {
        state = State.OPEN;
        endCause = null;
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    onClose.accept(this);
  }

  boolean isClosed() {
    lock.lock();
    try {
      return state == State.CLOSED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the next event.
   *
   * @param nanos how long to wait; {@code Long.MAX_VALUE} waits without limit
   * @return the event, or {@code null} when the time ran out
   * @throws DisconnectedException when the session ended and the queue is empty
   * @throws EventOverflowException when the queue overflowed under FAIL and is empty
   * @throws IllegalStateException when the listener was closed
   */
  @Nullable QmpEvent poll(long nanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = nanos;
      while (queue.isEmpty()) {
        throwIfFinished();
        if (left <= 0) {
          return null;
        }
        if (nanos == Long.MAX_VALUE) {
          changed.await();
        } else {
          left = changed.awaitNanos(left);
        }
      }
      return queue.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock, with an empty queue. */
  private void throwIfFinished() {
    switch (state) {
      case OPEN -> {}
      case ENDED ->
          throw new DisconnectedException("No more events: the QMP session ended", endCause);
      case CLOSED -> throw new IllegalStateException("The event listener was closed");
      case OVERFLOWED -> throw new EventOverflowException(capacity, refused);
    }
  }

  List<QmpEvent> drain() {
    lock.lock();
    try {
      List<QmpEvent> all = new ArrayList<>(queue);
      queue.clear();
      return all;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  long dropped() {
    lock.lock();
    try {
      return dropped + refused;
    } finally {
      lock.unlock();
    }
  }

  /** The callback dispatcher: runs while events come, ends when the queue is drained and over. */
  private void dispatchLoop() {
    Consumer<QmpEvent> cb = callback;
    if (cb == null) {
      return;
    }
    while (true) {
      QmpEvent event;
      lock.lock();
      try {
        while (queue.isEmpty()) {
          if (state != State.OPEN) {
            dispatching = false;
            if (state == State.OVERFLOWED) {
              logger.error(
                  "Event subscription {} stopped: {}",
                  filter,
                  new EventOverflowException(capacity, refused).getMessage());
            }
            return;
          }
          changed.awaitUninterruptibly();
        }
        event = queue.poll();
      } finally {
        lock.unlock();
      }
      try {
        cb.accept(event);
      } catch (RuntimeException e) {
        logger.warn("Event callback for {} failed on {}", filter, event.name(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "EventQueue[" + filter + ", capacity " + capacity + ", " + policy + "]";
  }
}
