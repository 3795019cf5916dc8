package io.github.qmp4j.client;

import java.util.LinkedHashMap;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The shared Jackson setup: one mapper per configuration, built once and reused. */
final class Json {
  /** QEMU's own parser limit (json-streamer.c), applied to what we read. */
  static final int MAX_NESTING_DEPTH = 1024;

  /** The mapper for messages built and printed outside a connection, and for typed results. */
  static final JsonMapper MAPPER = mapper(QmpCodec.DEFAULT_MAX_MESSAGE_SIZE);

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * How deep {@link DirectTreeParser} and {@link JsonMessageWriter} go themselves; deeper trees go
   * through Jackson, whose nesting limit then applies as it would without them.
   */
  static final int DIRECT_DEPTH = 64;

  private Json() {}

  /** An empty object sized for the few members of a typical QMP message. */
  static ObjectNode smallObject() {
    return new ObjectNode(NODES, new LinkedHashMap<>(4));
  }

  /**
   * A mapper whose parsers keep QEMU's nesting limit and refuse strings longer than a message may
   * be. Unknown properties are ignored in typed results: newer QEMUs add fields.
   */
  static JsonMapper mapper(int maxMessageSize) {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(maxMessageSize)
            .build();
    // Jackson 3's default buffer pool is a concurrent deque: two CAS-heavy deque operations per
    // message were among the top CPU frames. The hybrid pool recycles per platform thread and
    // stripes for virtual threads (a thread-local pool would grow with every virtual thread).
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .recyclerPool(JsonRecyclerPools.sharedHybridPool())
            .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
