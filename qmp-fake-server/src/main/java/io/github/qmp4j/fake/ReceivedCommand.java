package io.github.qmp4j.fake;

import java.io.FileDescriptor;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One command the fake received, as recorded for {@link FakeQmpServer#takeCommand}: its name,
 * arguments, id, whether it came as {@code exec-oob}, the descriptors that arrived with it, and the
 * session it came on. Well-formed commands are recorded whether or not the fake knew them;
 * malformed input is not.
 */
public final class ReceivedCommand {
  private final String name;
  private final ObjectNode arguments;
  private final @Nullable JsonNode id;
  private final boolean oob;
  private final List<FileDescriptor> descriptors;
  private final int session;
  private final ObjectNode request;

  ReceivedCommand(
      String name,
      ObjectNode arguments,
      @Nullable JsonNode id,
      boolean oob,
      List<FileDescriptor> descriptors,
      int session,
      ObjectNode request) {
    this.name = name;
    this.arguments = arguments;
    this.id = id;
    this.oob = oob;
    this.descriptors = List.copyOf(descriptors);
    this.session = session;
    this.request = request;
  }

  /** Returns the command name, e.g. {@code query-status}. */
  public String name() {
    return name;
  }

  /** Returns a copy of the arguments; empty when the request had none. */
  public ObjectNode arguments() {
    return arguments.deepCopy();
  }

  /**
   * Returns one argument.
   *
   * @param name the argument name
   * @return its value, or a {@link MissingNode} when absent
   */
  public JsonNode argument(String name) {
    JsonNode value = arguments.get(name);
    return value == null ? MissingNode.getInstance() : value.deepCopy();
  }

  /** Returns the request's id (any JSON value), or empty when it had none. */
  public Optional<JsonNode> id() {
    return id == null ? Optional.empty() : Optional.of(id.deepCopy());
  }

  /** Tells whether the command came as {@code exec-oob}. */
  public boolean oob() {
    return oob;
  }

  /**
   * Returns the file descriptors that arrived with this command's bytes. The fake keeps owning
   * them: the one {@code getfd} or {@code add-fd} takes (the first) stays open until {@code
   * closefd}/{@code remove-fd} or until the server closes; every other one stays open until the
   * connection it came on ends, when the fake closes it, as QEMU closes the descriptors no command
   * used. Duplicate one to keep it longer.
   */
  public List<FileDescriptor> descriptors() {
    return descriptors;
  }

  /** Returns the number of the session it came on: 1 for the first connection, and so on. */
  public int session() {
    return session;
  }

  /** Returns a copy of the whole request as received. */
  public ObjectNode request() {
    return request.deepCopy();
  }

  ObjectNode rawArguments() {
    return arguments;
  }

  @Nullable JsonNode rawId() {
    return id;
  }

  @Override
  public String toString() {
    return "ReceivedCommand[session "
        + session
        + ": "
        + Json.text(request)
        + (descriptors.isEmpty() ? "" : " with " + descriptors.size() + " fd(s)")
        + "]";
  }
}
