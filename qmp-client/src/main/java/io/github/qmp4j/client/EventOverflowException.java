package io.github.qmp4j.client;

/**
 * An event listener with {@link OverflowPolicy#FAIL} received an event while its queue was full.
 * The listener stopped receiving at that point; the events queued before can still be taken, then
 * this is thrown. {@link #lost()} tells how many events were refused (at least one).
 */
public final class EventOverflowException extends QmpException {
  private final long lost;
  private final int capacity;

  /**
   * Creates the exception.
   *
   * @param capacity the listener's queue capacity
   * @param lost how many events were refused
   */
  public EventOverflowException(int capacity, long lost) {
    super(
        "The event listener's queue (capacity "
            + capacity
            + ") overflowed and the listener stopped; "
            + lost
            + " event(s) were not delivered. Take events faster, raise the capacity, or choose"
            + " another OverflowPolicy");
    this.lost = lost;
    this.capacity = capacity;
  }

  /** Returns how many events were refused. */
  public long lost() {
    return lost;
  }

  /** Returns the queue capacity that was exceeded. */
  public int capacity() {
    return capacity;
  }
}
