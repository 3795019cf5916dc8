package io.github.qmp4j.fake;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds QMP messages with members inserted in the order QEMU inserts them (which, through QEMU's
 * dictionary order, decides their order on the wire).
 */
final class Messages {
  static final String GENERIC_ERROR = "GenericError";
  static final String COMMAND_NOT_FOUND = "CommandNotFound";

  private Messages() {}

  static ObjectNode ok(JsonNode value, @Nullable JsonNode id) {
    ObjectNode reply = Json.NODES.objectNode();
    reply.set("return", value);
    return withId(reply, id);
  }

  static ObjectNode error(String errorClass, String desc, @Nullable JsonNode id) {
    ObjectNode error = Json.NODES.objectNode();
    error.put("class", errorClass);
    error.put("desc", desc);
    ObjectNode reply = Json.NODES.objectNode();
    reply.set("error", error);
    return withId(reply, id);
  }

  static ObjectNode withId(ObjectNode reply, @Nullable JsonNode id) {
    if (id != null) {
      reply.set("id", id);
    }
    return reply;
  }

  static ObjectNode event(FakeEvent event, Instant when) {
    ObjectNode timestamp = Json.NODES.objectNode();
    timestamp.put("seconds", when.getEpochSecond());
    timestamp.put("microseconds", when.getNano() / 1000);
    ObjectNode message = Json.NODES.objectNode();
    message.put("event", event.name());
    message.set("timestamp", timestamp);
    ObjectNode data = event.data();
    if (data != null) {
      message.set("data", data);
    }
    return message;
  }

  static ObjectNode version(QemuVersion version) {
    ObjectNode triple = Json.NODES.objectNode();
    triple.put("major", version.major());
    triple.put("minor", version.minor());
    triple.put("micro", version.micro());
    ObjectNode info = Json.NODES.objectNode();
    info.set("qemu", triple);
    info.put("package", version.pkg());
    return info;
  }

  static ObjectNode greeting(QemuVersion version, boolean oob) {
    ArrayNode capabilities = Json.NODES.arrayNode();
    if (oob) {
      capabilities.add("oob");
    }
    ObjectNode qmp = Json.NODES.objectNode();
    qmp.set("version", version(version));
    qmp.set("capabilities", capabilities);
    ObjectNode greeting = Json.NODES.objectNode();
    greeting.set("QMP", qmp);
    return greeting;
  }
}
