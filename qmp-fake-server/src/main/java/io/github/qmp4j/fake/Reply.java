package io.github.qmp4j.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One scripted answer to a command: a return value, an error, or a {@link Fault}; optionally
 * delayed, with events sent before or after it, or with a different id than the request's.
 * Immutable: every {@code with...} method returns a new reply.
 *
 * <pre>{@code
 * Reply.returning(Map.of("status", "paused", "running", false, "singlestep", false))
 *     .delayed(Duration.ofMillis(200))
 *     .withEventBefore("STOP", null);
 * }</pre>
 */
public final class Reply {
  private final @Nullable JsonNode value;
  private final @Nullable String errorClass;
  private final @Nullable String errorDesc;
  private final @Nullable Fault fault;
  private final Duration delay;
  private final List<FakeEvent> before;
  private final List<FakeEvent> after;
  private final boolean idReplaced;
  private final @Nullable JsonNode id;

  private Reply(
      @Nullable JsonNode value,
      @Nullable String errorClass,
      @Nullable String errorDesc,
      @Nullable Fault fault,
      Duration delay,
      List<FakeEvent> before,
      List<FakeEvent> after,
      boolean idReplaced,
      @Nullable JsonNode id) {
    this.value = value;
    this.errorClass = errorClass;
    this.errorDesc = errorDesc;
    this.fault = fault;
    this.delay = delay;
    this.before = List.copyOf(before);
    this.after = List.copyOf(after);
    this.idReplaced = idReplaced;
    this.id = id;
  }

  private static Reply of(
      @Nullable JsonNode value,
      @Nullable String errorClass,
      @Nullable String errorDesc,
      @Nullable Fault fault) {
    return new Reply(
        value, errorClass, errorDesc, fault, Duration.ZERO, List.of(), List.of(), false, null);
  }

  /** Returns {@code {"return": {}}}, what QEMU answers for a command without a result. */
  public static Reply ok() {
    return of(Json.NODES.objectNode(), null, null, null);
  }

  /**
   * Returns {@code {"return": value}}.
   *
   * @param value a {@link JsonNode}, or anything Jackson maps (a {@code Map}, {@code List}, record,
   *     string, number, boolean); {@code null} returns JSON null
   * @return the reply
   * @throws IllegalArgumentException when Jackson cannot map the value
   */
  public static Reply returning(@Nullable Object value) {
    return of(Json.tree(value), null, null, null);
  }

  /**
   * Returns {@code {"return": value}} with the value given as JSON text.
   *
   * @param json e.g. {@code {"status": "running", "running": true, "singlestep": false}}
   * @return the reply
   * @throws IllegalArgumentException when the text is not JSON
   */
  public static Reply returningJson(String json) {
    return of(Json.parse(json), null, null, null);
  }

  /**
   * Returns {@code {"error": {"class": errorClass, "desc": desc}}}.
   *
   * @param errorClass e.g. {@code GenericError}, {@code DeviceNotFound}
   * @param desc the human-readable text
   * @return the reply
   */
  public static Reply error(String errorClass, String desc) {
    return of(null, Objects.requireNonNull(errorClass), Objects.requireNonNull(desc), null);
  }

  /**
   * Answers with a fault instead of a reply.
   *
   * @param fault what goes wrong
   * @return the reply
   */
  public static Reply fault(Fault fault) {
    return of(null, null, null, Objects.requireNonNull(fault));
  }

  /**
   * Delays the answer: the command takes this long, as a slow QEMU command would. Events before the
   * reply are sent after the delay. Closing the server cuts a delay short.
   *
   * @param delay how long
   * @return the new reply
   */
  public Reply delayed(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    return new Reply(value, errorClass, errorDesc, fault, delay, before, after, idReplaced, id);
  }

  /**
   * Sends an event to every negotiated session right before the answer, as QEMU sends {@code STOP}
   * before its reply to {@code stop}.
   *
   * @param name the event name
   * @param data the event data (a JSON object), or {@code null}
   * @return the new reply
   */
  public Reply withEventBefore(String name, @Nullable Object data) {
    List<FakeEvent> more = new ArrayList<>(before);
    more.add(FakeEvent.of(name, data));
    return new Reply(value, errorClass, errorDesc, fault, delay, more, after, idReplaced, id);
  }

  /**
   * Sends an event to every negotiated session right after the answer.
   *
   * @param name the event name
   * @param data the event data (a JSON object), or {@code null}
   * @return the new reply
   */
  public Reply withEventAfter(String name, @Nullable Object data) {
    List<FakeEvent> more = new ArrayList<>(after);
    more.add(FakeEvent.of(name, data));
    return new Reply(value, errorClass, errorDesc, fault, delay, before, more, idReplaced, id);
  }

  /**
   * Replies with this id instead of echoing the request's.
   *
   * @param id any JSON value (see {@link #returning}); {@code null} sends {@code "id": null}
   * @return the new reply
   */
  public Reply withId(@Nullable Object id) {
    return new Reply(
        value, errorClass, errorDesc, fault, delay, before, after, true, Json.tree(id));
  }

  /** Replies without an id, whatever the request had. */
  public Reply withoutId() {
    return new Reply(value, errorClass, errorDesc, fault, delay, before, after, true, null);
  }

  /** Returns the return value, or {@code null} for an error or a fault. */
  public @Nullable JsonNode value() {
    return value == null ? null : value.deepCopy();
  }

  /** Returns the error class, or {@code null} when this is not an error. */
  public @Nullable String errorClass() {
    return errorClass;
  }

  /** Returns the error text, or {@code null} when this is not an error. */
  public @Nullable String errorDesc() {
    return errorDesc;
  }

  /** Returns the fault, or {@code null}. */
  public @Nullable Fault fault() {
    return fault;
  }

  /** Returns the delay before the answer. */
  public Duration delay() {
    return delay;
  }

  /** Returns the events sent before the answer. */
  public List<FakeEvent> eventsBefore() {
    return before;
  }

  /** Returns the events sent after the answer. */
  public List<FakeEvent> eventsAfter() {
    return after;
  }

  /** Tells whether the request's id is replaced (by {@link #withId} or {@link #withoutId}). */
  public boolean replacesId() {
    return idReplaced;
  }

  /** Returns the replacement id; {@code null} with {@link #replacesId()} means no id. */
  public @Nullable JsonNode replacementId() {
    return id;
  }

  @Override
  public String toString() {
    String what =
        fault != null
            ? fault.toString()
            : errorClass != null ? "error " + errorClass + ": " + errorDesc : "return " + value;
    return "Reply[" + what + (delay.isZero() ? "" : ", after " + delay) + "]";
  }
}
