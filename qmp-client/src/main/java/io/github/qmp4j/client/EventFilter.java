package io.github.qmp4j.client;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Which events a listener receives: by name and by a predicate. Immutable. Filters run on the
 * reader thread for every event, so predicates must be quick and must not block; a predicate that
 * throws is logged and counts as no match.
 */
public final class EventFilter {
  private static final EventFilter ALL = new EventFilter(Set.of(), null);

  private final Set<String> names;
  private final @Nullable Predicate<? super QmpEvent> predicate;

  private EventFilter(Set<String> names, @Nullable Predicate<? super QmpEvent> predicate) {
    this.names = names;
    this.predicate = predicate;
  }

  /** Returns a filter that accepts every event. */
  public static EventFilter all() {
    return ALL;
  }

  /**
   * Returns a filter that accepts events with one of the names.
   *
   * @param names event names such as {@code STOP}; none means every event
   * @return the filter
   */
  public static EventFilter names(String... names) {
    return names(List.of(names));
  }

  /**
   * Returns a filter that accepts events with one of the names.
   *
   * @param names event names; empty means every event
   * @return the filter
   */
  public static EventFilter names(Collection<String> names) {
    return names.isEmpty() ? ALL : new EventFilter(Set.copyOf(names), null);
  }

  /**
   * Returns a filter that also requires a predicate to hold.
   *
   * @param condition e.g. {@code e -> "drive0".equals(e.dataText("device"))}
   * @return the new filter
   */
  public EventFilter and(Predicate<? super QmpEvent> condition) {
    Predicate<? super QmpEvent> p = predicate;
    Predicate<QmpEvent> combined =
        p == null ? condition::test : e -> p.test(e) && condition.test(e);
    return new EventFilter(names, combined);
  }

  /** Returns the accepted names; empty means every name. */
  public Set<String> names() {
    return names;
  }

  /**
   * Tells whether an event passes.
   *
   * @param event the event
   * @return whether the listener should receive it
   */
  public boolean test(QmpEvent event) {
    if (!names.isEmpty() && !names.contains(event.name())) {
      return false;
    }
    Predicate<? super QmpEvent> p = predicate;
    return p == null || p.test(event);
  }

  @Override
  public String toString() {
    return "EventFilter["
        + (names.isEmpty() ? "*" : names)
        + (predicate == null ? "" : " + ?")
        + "]";
  }
}
