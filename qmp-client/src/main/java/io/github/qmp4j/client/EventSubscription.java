package io.github.qmp4j.client;

/**
 * A callback that receives the events passing its filter, in order, on a thread of its own (from
 * the client's thread factory), never on the reader thread: a slow callback fills only its own
 * bounded queue and never delays replies. Create one with {@link QmpClient#subscribe(EventFilter,
 * java.util.function.Consumer)}.
 *
 * <h2>How it fails</h2>
 *
 * A callback that throws is logged at WARN and gets the next event. A full queue is handled by the
 * {@link OverflowPolicy}; under {@link OverflowPolicy#FAIL} the subscription stops and logs an
 * {@link EventOverflowException} at ERROR. The dispatch thread ends when a session ends (after the
 * queued events) and starts again with the next session's first event.
 */
public final class EventSubscription implements AutoCloseable {
  private final EventQueue queue;

  EventSubscription(EventQueue queue) {
    this.queue = queue;
  }

  /** Returns how many events were dropped or refused because the queue was full. */
  public long dropped() {
    return queue.dropped();
  }

  /** Returns the filter. */
  public EventFilter filter() {
    return queue.filter();
  }

  /** Tells whether {@link #close()} was called. */
  public boolean isClosed() {
    return queue.isClosed();
  }

  /** Stops delivery (queued events are discarded) and removes the subscription. Idempotent. */
  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "EventSubscription[" + queue.filter() + "]";
  }
}
