package io.github.qmp4j.client;

import io.github.qmp4j.protocol.DisconnectedException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Receives the events that pass its {@link EventFilter} into its own bounded queue, to be taken
 * with {@link #take()}, {@link #poll(Duration)} or by iteration. Create one with {@link
 * QmpClient#listen(EventFilter)}; it may be created at any time (also before connecting, to catch
 * events sent before the greeting) and keeps receiving across reconnects until {@link #close()}d.
 *
 * <h2>How it fails</h2>
 *
 * When the session ends, the events already queued can still be taken; after them {@code take} and
 * {@code poll} throw {@link DisconnectedException} (with the session's error as cause) and
 * iteration ends, until a new session starts. With automatic reconnecting, only the final end
 * counts. A full queue is handled by the listener's {@link OverflowPolicy}; under the default
 * {@link OverflowPolicy#FAIL} the listener stops and then throws {@link EventOverflowException}.
 * After {@code close()}, {@code take}/{@code poll} throw {@link IllegalStateException} and
 * iteration ends. All of this is thread-safe; several threads may take from one listener.
 */
public final class EventListener implements Iterable<QmpEvent>, AutoCloseable {
  private final EventQueue queue;

  EventListener(EventQueue queue) {
    this.queue = queue;
  }

  EventQueue queue() {
    return queue;
  }

  /**
   * Waits for the next event.
   *
   * @return the event
   * @throws DisconnectedException when the session ended and no event is left
   * @throws EventOverflowException when the queue overflowed under {@link OverflowPolicy#FAIL}
   * @throws IllegalStateException when the listener is closed
   * @throws InterruptedException when interrupted while waiting
   */
  public QmpEvent take() throws InterruptedException {
    QmpEvent e = queue.poll(Long.MAX_VALUE);
    if (e == null) {
      throw new IllegalStateException("unreachable: an unbounded wait returned nothing");
    }
    return e;
  }

  /**
   * Waits up to a timeout for the next event.
   *
   * @param timeout how long to wait
   * @return the event, or {@code null} when none arrived in time
   * @throws DisconnectedException when the session ended and no event is left
   * @throws EventOverflowException when the queue overflowed under {@link OverflowPolicy#FAIL}
   * @throws IllegalStateException when the listener is closed
   * @throws InterruptedException when interrupted while waiting
   */
  public @Nullable QmpEvent poll(Duration timeout) throws InterruptedException {
    long nanos;
    try {
      nanos = Math.max(0, timeout.toNanos());
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE - 1;
    }
    return queue.poll(Math.min(nanos, Long.MAX_VALUE - 1));
  }

  /**
   * Returns the next event if one is queued, without waiting.
   *
   * @return the event, or {@code null}
   * @throws DisconnectedException when the session ended and no event is left
   * @throws EventOverflowException when the queue overflowed under {@link OverflowPolicy#FAIL}
   * @throws IllegalStateException when the listener is closed
   */
  public @Nullable QmpEvent poll() {
    try {
      return queue.poll(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Removes and returns every queued event, oldest first, without waiting or throwing. */
  public List<QmpEvent> drain() {
    return queue.drain();
  }

  /** Discards every queued event. */
  public void clear() {
    queue.drain();
  }

  /** Returns how many events are queued. */
  public int size() {
    return queue.size();
  }

  /** Tells whether no event is queued. */
  public boolean isEmpty() {
    return queue.size() == 0;
  }

  /** Returns how many events were dropped or refused because the queue was full. */
  public long dropped() {
    return queue.dropped();
  }

  /** Returns the filter. */
  public EventFilter filter() {
    return queue.filter();
  }

  /** Returns the queue capacity. */
  public int capacity() {
    return queue.capacity();
  }

  /** Returns the overflow policy. */
  public OverflowPolicy overflowPolicy() {
    return queue.policy();
  }

  /** Tells whether {@link #close()} was called. */
  public boolean isClosed() {
    return queue.isClosed();
  }

  /**
   * Returns a blocking iterator: {@code hasNext()} waits for the next event and returns {@code
   * false} when the session ends (after the queued events) or the listener is closed. It throws
   * {@link EventOverflowException} after an overflow under {@link OverflowPolicy#FAIL}; an
   * interrupt ends the iteration and keeps the thread's interrupt flag set.
   */
  @Override
  public Iterator<QmpEvent> iterator() {
    return new Iterator<>() {
      private @Nullable QmpEvent next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        try {
          next = take();
          return true;
        } catch (DisconnectedException | IllegalStateException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public QmpEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException("No more events");
        }
        QmpEvent e = next;
        next = null;
        if (e == null) {
          throw new NoSuchElementException("No more events");
        }
        return e;
      }
    };
  }

  /** Returns the events as a blocking sequential stream, ending like {@link #iterator()}. */
  public Stream<QmpEvent> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** Stops receiving, discards the queue and removes the listener from its client. Idempotent. */
  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "EventListener[" + queue.filter() + ", " + queue.size() + " queued]";
  }
}
