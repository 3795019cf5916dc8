package io.github.qmp4j.client;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Turns what callers pass as command arguments into the JSON object that goes on the wire. */
final class Arguments {
  private Arguments() {}

  /**
   * Converts arguments; an {@code ObjectNode} is copied so that later changes by the caller cannot
   * reach a message that is still queued.
   *
   * @throws IllegalArgumentException when they do not serialize to a JSON object
   */
  static @Nullable ObjectNode toObject(ObjectMapper mapper, @Nullable Object arguments) {
    if (arguments == null) {
      return null;
    }
    if (arguments instanceof ObjectNode object) {
      return object.deepCopy();
    }
    if (arguments instanceof Map<?, ?> map && map.isEmpty()) {
      return Json.NODES.objectNode();
    }
    JsonNode tree;
    try {
      tree = mapper.valueToTree(arguments);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "Cannot convert the arguments to JSON: " + e.getOriginalMessage(), e);
    }
    if (tree instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException(
        "QMP arguments must be a JSON object, not "
            + tree.getNodeType()
            + ": "
            + Redactor.toString(tree));
  }
}
