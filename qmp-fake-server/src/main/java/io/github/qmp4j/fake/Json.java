package io.github.qmp4j.fake;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The fake's one Jackson mapper, and conversions of user values to JSON trees. */
final class Json {
  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // QEMU nests up to 1024 deep, Jackson writes only 500 deep by default.
                  .streamWriteConstraints(
                      StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
                  .build())
          .build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /**
   * Returns a tree as compact JSON text, at any depth. Use it instead of {@link
   * JsonNode#toString()}, which fails past 500 levels, while QEMU (and so the fake) accepts
   * requests 1024 deep.
   */
  static String text(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /**
   * Converts a value to a tree: a {@link JsonNode} as it is (copied), anything else as Jackson maps
   * it ({@code Map}, {@code List}, records, strings, numbers, booleans); {@code null} is JSON null.
   *
   * @throws IllegalArgumentException when Jackson cannot map the value
   */
  static JsonNode tree(@Nullable Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    try {
      return MAPPER.valueToTree(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Cannot turn into JSON: " + value, e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException naming the problem when the text is not JSON
   */
  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Returns event data as QEMU allows it: an object, or nothing. */
  static @Nullable ObjectNode eventData(@Nullable Object data) {
    if (data == null) {
      return null;
    }
    JsonNode tree = tree(data);
    if (tree.isNull()) {
      return null;
    }
    if (!tree.isObject()) {
      throw new IllegalArgumentException("Event data must be a JSON object, not " + text(tree));
    }
    return (ObjectNode) tree;
  }
}
