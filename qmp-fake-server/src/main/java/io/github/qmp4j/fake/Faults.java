package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.Frame;
import io.github.qmp4j.fake.internal.WireCodec;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Carries out {@link Fault}s on a session. */
final class Faults {
  private Faults() {}

  /**
   * Shows a fault instead of the reply to a command.
   *
   * @param id the request's id, or {@code null}
   */
  static void instead(FakeSession session, boolean pretty, Fault fault, @Nullable JsonNode id)
      throws InterruptedException {
    apply(session, pretty, fault, Messages.ok(Json.NODES.objectNode(), id), id, true);
  }

  /** Shows a fault at once, outside any command. */
  static void now(FakeSession session, boolean pretty, Fault fault) throws InterruptedException {
    ObjectNode unsolicited = Messages.event(FakeEvent.of("QMP4J_FAKE_FAULT", null), Instant.now());
    apply(session, pretty, fault, unsolicited, null, false);
  }

  private static void apply(
      FakeSession session,
      boolean pretty,
      Fault fault,
      ObjectNode message,
      @Nullable JsonNode id,
      boolean mayBlock)
      throws InterruptedException {
    if (fault instanceof Fault.Close) {
      session.closeFromInside();
    } else if (fault instanceof Fault.CloseMidMessage) {
      byte[] whole = WireCodec.bytes(new Frame.Message(message), pretty);
      session.sendRaw(Arrays.copyOf(whole, whole.length / 2));
      session.closeFromInside();
    } else if (fault instanceof Fault.Stall) {
      if (mayBlock) {
        session.stall();
      } else {
        session.stallLater();
      }
    } else if (fault instanceof Fault.Garbage garbage) {
      session.sendRaw(garbage.bytes());
    } else if (fault instanceof Fault.Oversized oversized) {
      ObjectNode big = message.deepCopy();
      if (big.has("return")) {
        big.put("return", "x".repeat(oversized.bytes()));
      } else {
        big.set("data", Json.NODES.objectNode().put("padding", "x".repeat(oversized.bytes())));
      }
      session.reply(big);
    } else if (fault instanceof Fault.WrongId) {
      session.reply(Messages.ok(Json.NODES.objectNode(), wrong(id)));
    }
  }

  /** An id guaranteed to differ from the request's. */
  static JsonNode wrong(@Nullable JsonNode id) {
    if (id == null) {
      return Json.NODES.stringNode("wrong-id");
    }
    if (id.isString()) {
      return Json.NODES.stringNode(id.stringValue() + "-wrong");
    }
    if (id.isIntegralNumber() && id.canConvertToLong() && id.longValue() != Long.MAX_VALUE) {
      return Json.NODES.numberNode(id.longValue() + 1);
    }
    return Json.NODES.stringNode("wrong-id-" + id);
  }
}
