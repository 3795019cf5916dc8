package io.github.qmp4j.shell;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One command read from the user: its name and its arguments (empty when none were given).
 *
 * @param command the QMP command name, e.g. {@code query-status}
 * @param arguments the arguments object; owned by this request
 */
record QmpRequest(String command, ObjectNode arguments) {
  /** Returns {@code {"execute": ..., "arguments": ...}} as {@code -v} shows it. */
  ObjectNode toMessage() {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("execute", command);
    if (!arguments.isEmpty()) {
      m.set("arguments", arguments.deepCopy());
    }
    return m;
  }

  /** Returns the arguments to send, or {@code null} for none. */
  @org.jspecify.annotations.Nullable
  ObjectNode argumentsOrNull() {
    return arguments.isEmpty() ? null : arguments;
  }
}
