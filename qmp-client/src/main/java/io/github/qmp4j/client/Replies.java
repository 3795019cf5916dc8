package io.github.qmp4j.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** How replies become results: the raw reply, the return value, or a typed value. */
final class Replies {
  private Replies() {}

  static final PendingCall.ReplyMapper<Message> RAW = (command, reply) -> reply;

  static final PendingCall.ReplyMapper<JsonNode> RETURN_VALUE = Replies::returnValue;

  /**
   * Returns the {@code return} member of a reply, which the caller then owns.
   *
   * @throws QmpErrorResponseException for an error reply
   * @throws MalformedReplyException for a reply with neither
   */
  static JsonNode returnValue(Message command, Message reply) {
    JsonNode error = reply.node().get("error");
    if (error != null) {
      if (!error.isObject() || reply.errorClass() == null) {
        throw new MalformedReplyException(
            "The error reply to '" + command.command() + "' has no error class", reply, null);
      }
      throw new QmpErrorResponseException(command, reply);
    }
    JsonNode value = reply.node().get("return");
    if (value == null) {
      throw new MalformedReplyException(
          "The reply to '" + command.command() + "' has neither 'return' nor 'error'", reply, null);
    }
    return value;
  }

  static <T> T convert(ObjectMapper mapper, JsonNode value, Class<T> type, Message reply) {
    try {
      return mapper.treeToValue(value, type);
    } catch (JacksonException e) {
      throw new MalformedReplyException(
          "Cannot map the return value to " + type.getName() + ": " + e.getOriginalMessage(),
          reply,
          e);
    }
  }

  static <T> PendingCall.ReplyMapper<T> typed(ObjectMapper mapper, Class<T> type) {
    return (command, reply) -> convert(mapper, returnValue(command, reply), type, reply);
  }
}
