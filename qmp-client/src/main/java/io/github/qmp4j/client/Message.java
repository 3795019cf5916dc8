package io.github.qmp4j.client;

import java.time.DateTimeException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * One QMP message: a command, a reply, an event or the greeting. Immutable: it owns a private JSON
 * object, and every accessor that returns a container returns a copy. {@link #toString()} is the
 * compact JSON, as sent on the wire.
 *
 * <p>The factories throw {@link IllegalArgumentException} for text that is not a JSON object.
 */
public final class Message {
  /** What a message is, judged by its members. */
  public enum Kind {
    /** The server's {@code {"QMP": ...}} greeting. */
    GREETING,
    /** An {@code execute} or {@code exec-oob} request. */
    COMMAND,
    /** A successful reply, {@code {"return": ...}}. */
    RETURN,
    /** An error reply, {@code {"error": {"class", "desc"}}}. */
    ERROR,
    /** An asynchronous event, {@code {"event": ...}}. */
    EVENT,
    /** None of the above. */
    OTHER
  }

  private final ObjectNode node;

  private Message(ObjectNode node) {
    this.node = node;
  }

  /** Wraps a node that nobody else holds; no copy. */
  static Message adopt(ObjectNode node) {
    return new Message(node);
  }

  /**
   * Creates a message from a copy of a JSON object.
   *
   * @param node the object; later changes to it do not affect the message
   * @return the message
   */
  public static Message of(ObjectNode node) {
    return new Message(node.deepCopy());
  }

  /**
   * Parses a message from JSON text.
   *
   * @param json one JSON object
   * @return the message
   * @throws IllegalArgumentException when the text is not one JSON object
   */
  public static Message parse(String json) {
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(parsed instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          "A QMP message must be a JSON object, not " + parsed.getNodeType());
    }
    return new Message(object);
  }

  /**
   * Builds an {@code execute} command without an id.
   *
   * @param command the command name
   * @param arguments the arguments (a {@code Map}, a record or bean, an {@code ObjectNode}), or
   *     {@code null} for none
   * @return the message
   * @throws IllegalArgumentException when the arguments do not serialize to a JSON object
   */
  public static Message command(String command, @Nullable Object arguments) {
    return new Message(build("execute", command, Arguments.toObject(Json.MAPPER, arguments), null));
  }

  /**
   * Builds an {@code exec-oob} command without an id.
   *
   * @param command the command name
   * @param arguments the arguments, or {@code null}
   * @return the message
   * @throws IllegalArgumentException when the arguments do not serialize to a JSON object
   */
  public static Message oobCommand(String command, @Nullable Object arguments) {
    return new Message(
        build("exec-oob", command, Arguments.toObject(Json.MAPPER, arguments), null));
  }

  static ObjectNode build(
      String verb, String command, @Nullable ObjectNode arguments, @Nullable JsonNode id) {
    // At most three members: a map sized for four, not the default 16.
    ObjectNode n = Json.smallObject();
    n.put(verb, command);
    if (arguments != null) {
      n.set("arguments", arguments);
    }
    if (id != null) {
      n.set("id", id);
    }
    return n;
  }

  /**
   * Returns a copy with the given string id.
   *
   * @param id the id
   * @return the new message
   */
  public Message withId(String id) {
    return withId(StringNode.valueOf(id));
  }

  /**
   * Returns a copy with the given id, which may be any JSON value.
   *
   * @param id the id
   * @return the new message
   */
  public Message withId(JsonNode id) {
    ObjectNode copy = node.deepCopy();
    copy.set("id", id.deepCopy());
    return new Message(copy);
  }

  /** Returns a copy without an id. */
  public Message withoutId() {
    ObjectNode copy = node.deepCopy();
    copy.remove("id");
    return new Message(copy);
  }

  /** Returns what kind of message this is. */
  public Kind kind() {
    if (node.has("QMP")) {
      return Kind.GREETING;
    }
    if (node.has("event")) {
      return Kind.EVENT;
    }
    if (node.has("execute") || node.has("exec-oob")) {
      return Kind.COMMAND;
    }
    if (node.has("error")) {
      return Kind.ERROR;
    }
    return node.has("return") ? Kind.RETURN : Kind.OTHER;
  }

  /** Returns the command name of an {@code execute} or {@code exec-oob} request, else null. */
  public @Nullable String command() {
    String name = text(node.get("execute"));
    return name != null ? name : text(node.get("exec-oob"));
  }

  /** Tells whether this is an {@code exec-oob} request. */
  public boolean isOob() {
    return node.has("exec-oob");
  }

  /** Returns the id, or {@code null} when there is none. */
  public @Nullable JsonNode id() {
    return copy(node.get("id"));
  }

  /** Returns the {@code return} value of a successful reply, or {@code null}. */
  public @Nullable JsonNode returnValue() {
    return copy(node.get("return"));
  }

  /** Returns the {@code error.class} of an error reply, or {@code null}. */
  public @Nullable String errorClass() {
    JsonNode error = node.get("error");
    return error == null ? null : text(error.get("class"));
  }

  /** Returns the {@code error.desc} of an error reply, or {@code null}. */
  public @Nullable String errorDesc() {
    JsonNode error = node.get("error");
    return error == null ? null : text(error.get("desc"));
  }

  /** Returns the event name of an event, or {@code null}. */
  public @Nullable String eventName() {
    return text(node.get("event"));
  }

  /**
   * Returns the timestamp of an event, or {@code null} when it has none or it is not a valid
   * instant (seconds and microseconds that are not integers, or out of range).
   */
  public @Nullable Instant timestamp() {
    JsonNode ts = node.get("timestamp");
    if (ts == null) {
      return null;
    }
    JsonNode seconds = ts.get("seconds");
    JsonNode micros = ts.get("microseconds");
    if (seconds == null || !isLong(seconds)) {
      return null;
    }
    long us = micros != null && isLong(micros) ? micros.asLong() : 0;
    try {
      return Instant.ofEpochSecond(seconds.asLong(), Math.multiplyExact(us, 1000L));
    } catch (ArithmeticException | DateTimeException e) {
      return null; // a peer's nonsense must not break the session that delivers the event
    }
  }

  /**
   * Tells whether a member is present.
   *
   * @param member the member name
   * @return whether it is present
   */
  public boolean has(String member) {
    return node.has(member);
  }

  /**
   * Returns a copy of a member.
   *
   * @param member the member name
   * @return its value, or {@code null} when absent
   */
  public @Nullable JsonNode get(String member) {
    return copy(node.get(member));
  }

  /** Returns a copy of the whole message as a JSON object. */
  public ObjectNode toObjectNode() {
    return node.deepCopy();
  }

  /** The node itself, for this package only: never hand it out. */
  ObjectNode node() {
    return node;
  }

  /** Returns the message as indented JSON, for humans. */
  public String toPrettyString() {
    return node.toPrettyString();
  }

  /** Returns the message as compact JSON. */
  @Override
  public String toString() {
    return node.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Message other && node.equals(other.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  private static boolean isLong(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  static @Nullable String text(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }

  private static @Nullable JsonNode copy(@Nullable JsonNode n) {
    return n == null || n.isValueNode() ? n : n.deepCopy();
  }
}
