package io.github.qmp4j.fake;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One command being answered by a built-in: the session, the command, and the server state.
 *
 * @param session where it came from
 * @param command what was asked
 * @param server the shared state
 */
record Call(FakeSession session, ReceivedCommand command, ServerState server) {
  ObjectNode args() {
    return command.rawArguments();
  }

  void ok(JsonNode value) {
    session.reply(Messages.ok(value, command.rawId()));
  }

  void ok() {
    ok(Json.NODES.objectNode());
  }

  void fail(String desc) {
    session.reply(Messages.error(Messages.GENERIC_ERROR, desc, command.rawId()));
  }

  void event(String name, Object... dataPairs) {
    ObjectNode data = null;
    if (dataPairs.length > 0) {
      data = Json.NODES.objectNode();
      for (int i = 0; i < dataPairs.length; i += 2) {
        data.set((String) dataPairs[i], Json.tree(dataPairs[i + 1]));
      }
    }
    server.broadcast(new FakeEvent(name, data));
  }
}
