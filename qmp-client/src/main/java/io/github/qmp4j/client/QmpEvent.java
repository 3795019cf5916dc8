package io.github.qmp4j.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An asynchronous event from the server, such as {@code STOP}, {@code RESUME} or {@code SHUTDOWN}.
 * Immutable; {@link #data()} returns a copy.
 */
public final class QmpEvent {
  private final String name;
  private final Message message;

  private QmpEvent(String name, Message message) {
    this.name = name;
    this.message = message;
  }

  /**
   * Reads an event from a message.
   *
   * @param message a message with a string {@code event} member
   * @return the event
   * @throws IllegalArgumentException when the message is not an event
   */
  public static QmpEvent of(Message message) {
    String name = message.eventName();
    if (name == null) {
      throw new IllegalArgumentException("Not an event: " + Redactor.toString(message));
    }
    return new QmpEvent(name, message);
  }

  /** Returns the event name, e.g. {@code STOP}. */
  public String name() {
    return name;
  }

  /**
   * Returns when QEMU emitted the event, from its {@code timestamp} member, or {@code null} when
   * the message had none (QEMU always sends one).
   */
  public @Nullable Instant timestamp() {
    return message.timestamp(); // on demand: most listeners never ask, and the message is fixed
  }

  /** Returns a copy of the {@code data} member; an empty object when there is none. */
  public ObjectNode data() {
    ObjectNode data = dataObject();
    return data == null ? Json.NODES.objectNode() : data.deepCopy();
  }

  /** The message's own {@code data} object (never handed out), or {@code null}. */
  private @Nullable ObjectNode dataObject() {
    return message.node().get("data") instanceof ObjectNode data ? data : null;
  }

  /**
   * Returns one member of {@code data}, copying only what could be changed: a string, number,
   * boolean or null is returned as it is (value nodes are immutable), an object or array as a copy.
   * Cheaper than {@code data().get(member)}, which copies the whole data object on every call.
   *
   * @param member the member name, e.g. {@code seq}
   * @return its value, or {@code null} when the event has no such member (or no data object)
   */
  public @Nullable JsonNode data(String member) {
    ObjectNode data = dataObject();
    JsonNode value = data == null ? null : data.get(member);
    return value == null || value.isValueNode() ? value : value.deepCopy();
  }

  /**
   * Returns one member of {@code data} as text, for quick filtering without copying.
   *
   * @param member the member name, e.g. {@code device}
   * @return its text when it is a JSON string, else {@code null}
   */
  public @Nullable String dataText(String member) {
    ObjectNode data = dataObject();
    return data == null ? null : Message.text(data.get(member));
  }

  /**
   * Maps {@code data} to a type through Jackson.
   *
   * @param type the type, e.g. a record with the data's members
   * @param <T> the type
   * @return the mapped data
   * @throws MalformedReplyException when the data does not map to the type
   */
  public <T> T data(Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(data(), type);
    } catch (JacksonException e) {
      throw new MalformedReplyException(
          "Cannot map the data of " + name + " to " + type.getName(), message, e);
    }
  }

  /** Returns the event as received. */
  public Message message() {
    return message;
  }

  @Override
  public String toString() {
    return message.toString();
  }
}
