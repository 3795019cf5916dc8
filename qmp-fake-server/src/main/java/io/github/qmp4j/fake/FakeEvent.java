package io.github.qmp4j.fake;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event the fake sends, as QEMU sends them: {@code {"event": NAME, "data": {...}, "timestamp":
 * {"seconds", "microseconds"}}}, with the timestamp taken from the wall clock when it is sent and
 * without {@code data} when there is none.
 *
 * @param name the event name, e.g. {@code DEVICE_DELETED}
 * @param data the data object, or {@code null} for an event without data
 */
public record FakeEvent(String name, @Nullable ObjectNode data) {
  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException when the name is empty
   */
  public FakeEvent {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("An event needs a name");
    }
  }

  /**
   * Creates an event from any value Jackson can turn into a JSON object.
   *
   * @param name the event name
   * @param data a {@code Map}, record, {@code JsonNode} object, or {@code null} for no data
   * @return the event
   * @throws IllegalArgumentException when the data is not a JSON object
   */
  public static FakeEvent of(String name, @Nullable Object data) {
    return new FakeEvent(name, Json.eventData(data));
  }
}
