package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.Frame;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers one request as QEMU's {@code qmp_dispatch} does: shape checks, negotiation mode, command
 * lookup (script first, then built-ins), the OOB check, then the answer.
 */
final class Dispatcher {
  static final String NEGOTIATION = "qmp_capabilities";
  private static final Params CAPABILITY_PARAMS =
      Params.of(Params.optional("enable", Params.Type.ARRAY));

  private final ServerState server;

  Dispatcher(ServerState server) {
    this.server = server;
  }

  /**
   * Answers one request.
   *
   * @throws InterruptedException when interrupted during a scripted wait
   */
  void handle(FakeSession session, Frame.Request request, Execution execution)
      throws InterruptedException {
    if (!(request.value() instanceof ObjectNode req)) {
      session.reply(
          Messages.error(Messages.GENERIC_ERROR, "QMP input must be a JSON object", null));
      return;
    }
    JsonNode id = req.get("id");
    String problem = RequestShape.problem(req, session.oobEnabled());
    if (problem != null) {
      session.reply(Messages.error(Messages.GENERIC_ERROR, problem, id));
      return;
    }
    boolean oob = !req.has("execute");
    String name = req.get(oob ? "exec-oob" : "execute").stringValue();
    JsonNode args = req.get("arguments");
    ReceivedCommand command =
        new ReceivedCommand(
            name,
            args == null ? Json.NODES.objectNode() : (ObjectNode) args,
            id,
            oob,
            request.descriptors(),
            session.number(),
            req);
    boolean negotiation = name.equals(NEGOTIATION);
    if (!negotiation || server.recordsNegotiation()) {
      server.record(command);
    }
    if (!session.negotiated()) {
      if (negotiation) {
        negotiate(session, command, execution);
      } else {
        session.reply(
            Messages.error(
                Messages.COMMAND_NOT_FOUND,
                "Expecting capabilities negotiation with 'qmp_capabilities'",
                id));
      }
      return;
    }
    execute(session, command, execution);
  }

  private void execute(FakeSession session, ReceivedCommand command, Execution execution)
      throws InterruptedException {
    String name = command.name();
    JsonNode id = command.rawId();
    boolean negotiation = name.equals(NEGOTIATION);
    if (!negotiation) {
      server.checkExpected(command);
    }
    Stub stub = server.stub(name);
    Builtins.Builtin builtin = stub == null ? Builtins.find(name) : null;
    if (stub == null && builtin == null && !negotiation) {
      session.reply(
          Messages.error(
              Messages.COMMAND_NOT_FOUND, "The command " + name + " has not been found", id));
      return;
    }
    if (command.oob() && (stub == null || !stub.allowsOob())) {
      session.reply(
          Messages.error(
              Messages.GENERIC_ERROR, "The command " + name + " does not support OOB", id));
      return;
    }
    // A slow QEMU is a slow main loop; its I/O thread still answers out-of-band at once.
    Duration delay = command.oob() ? Duration.ZERO : server.defaultDelay();
    execution.afterDelay(session, delay, next -> answer(session, command, stub, builtin, next));
  }

  private void answer(
      FakeSession session,
      ReceivedCommand command,
      @Nullable Stub stub,
      Builtins.@Nullable Builtin builtin,
      Execution execution)
      throws InterruptedException {
    if (stub != null) {
      perform(session, command, stub.next(command), false, execution);
    } else if (builtin != null) {
      Builtins.run(builtin, new Call(session, command, server));
    } else {
      String problem = capabilitiesProblem(command.rawArguments());
      JsonNode id = command.rawId();
      session.reply(
          problem != null
              ? Messages.error(Messages.GENERIC_ERROR, problem, id)
              : Messages.error(
                  Messages.COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command ignored",
                  id));
    }
  }

  private void negotiate(FakeSession session, ReceivedCommand command, Execution execution)
      throws InterruptedException {
    Stub stub = server.stub(NEGOTIATION);
    if (stub != null) {
      perform(session, command, stub.next(command), true, execution);
      return;
    }
    String problem = capabilitiesProblem(command.rawArguments());
    if (problem != null) {
      session.reply(Messages.error(Messages.GENERIC_ERROR, problem, command.rawId()));
      return;
    }
    session.completeNegotiation(
        Messages.ok(Json.NODES.objectNode(), command.rawId()), requestsOob(command));
  }

  private static boolean requestsOob(ReceivedCommand command) {
    JsonNode enable = command.rawArguments().get("enable");
    if (enable == null || !enable.isArray()) {
      return false;
    }
    for (JsonNode capability : enable.values()) {
      if (capability.isString() && capability.stringValue().equals("oob")) {
        return true;
      }
    }
    return false;
  }

  /** The checks of {@code qmp_capabilities}' arguments, then of the capabilities offered. */
  private @Nullable String capabilitiesProblem(ObjectNode args) {
    JsonNode enable = args.get("enable");
    if (enable != null) {
      if (!enable.isArray()) {
        return "Invalid parameter type for 'enable', expected: array";
      }
      int i = 0;
      for (JsonNode capability : enable.values()) {
        if (!capability.isString()) {
          return "Invalid parameter type for 'enable[" + i + "]', expected: string";
        }
        if (!capability.stringValue().equals("oob")) {
          return "Parameter 'null' does not accept value '" + capability.stringValue() + "'";
        }
        i++;
      }
    }
    String unexpected = CAPABILITY_PARAMS.unexpected(args);
    if (unexpected != null) {
      return unexpected;
    }
    if (enable != null && !enable.isEmpty() && !server.oobOffered()) {
      // QEMU names every unavailable entry, repeats included.
      return "Capability "
          + String.join(", ", java.util.Collections.nCopies(enable.size(), "oob"))
          + " not available";
    }
    return null;
  }

  /** Carries out a scripted answer: delay, events before, the reply or fault, events after. */
  private void perform(
      FakeSession session,
      ReceivedCommand command,
      Reply reply,
      boolean completesNegotiation,
      Execution execution)
      throws InterruptedException {
    execution.afterDelay(
        session, reply.delay(), next -> deliver(session, command, reply, completesNegotiation));
  }

  private void deliver(
      FakeSession session, ReceivedCommand command, Reply reply, boolean completesNegotiation)
      throws InterruptedException {
    reply.eventsBefore().forEach(server::broadcast);
    Fault fault = reply.fault();
    if (fault != null) {
      Faults.instead(session, server.pretty(), fault, command.rawId());
      return;
    }
    JsonNode id = reply.replacesId() ? reply.replacementId() : command.rawId();
    String errorClass = reply.errorClass();
    JsonNode value = reply.value();
    ObjectNode message =
        errorClass != null
            ? Messages.error(errorClass, String.valueOf(reply.errorDesc()), id)
            : Messages.ok(value == null ? Json.NODES.objectNode() : value, id);
    if (completesNegotiation && errorClass == null) {
      session.completeNegotiation(message, requestsOob(command) && server.oobOffered());
    } else {
      session.reply(message);
    }
    reply.eventsAfter().forEach(server::broadcast);
  }
}
