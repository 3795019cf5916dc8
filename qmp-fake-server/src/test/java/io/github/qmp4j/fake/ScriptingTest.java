package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Per-command scripts: returns, errors, functions, sequences, delays, events, OOB. */
class ScriptingTest {
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() throws InterruptedException {
    fake.close();
    Eventually.noEngineThreads();
  }

  private WireClient negotiated() throws Exception {
    WireClient client = WireClient.connect(fake.start());
    client.handshake();
    return client;
  }

  @Test
  void fixedReturnAndError() throws Exception {
    fake.on("query-block").returnsJson("[{\"major\": 1, \"minor\": 2, \"micro\": 3}]");
    fake.on("blockdev-del").fails("DeviceNotFound", "Node 'x' not found");
    try (WireClient client = negotiated()) {
      client.send("{\"execute\":\"query-block\",\"id\":1}");
      assertEquals(
          "{\"return\": [{\"micro\": 3, \"minor\": 2, \"major\": 1}], \"id\": 1}\r\n",
          client.nextRaw(),
          "QEMU's member order applies to scripted values too");
      client.send("{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"x\"},\"id\":2}");
      assertEquals(
          "{\"id\": 2, \"error\": {\"class\": \"DeviceNotFound\", \"desc\": \"Node 'x' not found\"}}"
              + "\r\n",
          client.nextRaw());
    }
  }

  @Test
  void aFunctionOfTheRequest() throws Exception {
    fake.on("echo").answers(cmd -> Reply.returning(Map.of("you-said", cmd.argument("text"))));
    fake.on("broken")
        .answers(
            cmd -> {
              throw new IllegalStateException("script bug");
            });
    try (WireClient client = negotiated()) {
      assertEquals(
          "{\"you-said\":\"hi\"}",
          client
              .execute("{\"execute\":\"echo\",\"arguments\":{\"text\":\"hi\"}}")
              .get("return")
              .toString());
      JsonNode error = client.execute("{\"execute\":\"broken\"}").get("error");
      assertEquals("GenericError", error.get("class").asString());
      assertEquals("script bug", error.get("desc").asString());
    }
  }

  @Test
  void aSequenceWhoseLastAnswerRepeats() throws Exception {
    Stub stub = fake.on("query-jobs").returnsJson("[]").returns(List.of(1)).fails("X", "gone");
    try (WireClient client = negotiated()) {
      assertEquals("[]", client.execute("{\"execute\":\"query-jobs\"}").get("return").toString());
      assertEquals("[1]", client.execute("{\"execute\":\"query-jobs\"}").get("return").toString());
      for (int i = 0; i < 2; i++) {
        assertEquals(
            "X",
            client.execute("{\"execute\":\"query-jobs\"}").get("error").get("class").asString());
      }
    }
    assertEquals(4, stub.calls());
  }

  @Test
  void aStubWithoutAnswersReturnsAnEmptyObject() throws Exception {
    fake.on("system_wakeup");
    try (WireClient client = negotiated()) {
      assertEquals("{\"return\":{}}", client.execute("{\"execute\":\"system_wakeup\"}").toString());
    }
  }

  @Test
  void eventsBeforeAndAfterTheReply() throws Exception {
    fake.on("device_del")
        .replies(
            Reply.ok()
                .withEventBefore("BEFORE", null)
                .withEventAfter("DEVICE_DELETED", Map.of("device", "nic0")));
    try (WireClient client = negotiated()) {
      client.send("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"nic0\"},\"id\":7}");
      assertEquals("BEFORE", client.next().get("event").asString());
      assertEquals("{\"return\":{},\"id\":7}", client.next().toString());
      JsonNode after = client.next();
      assertEquals("DEVICE_DELETED", after.get("event").asString());
      assertEquals("{\"device\":\"nic0\"}", after.get("data").toString());
    }
  }

  @Test
  void aDelayedReplyIsOvertakenByOutOfBand() throws Exception {
    fake.on("slow").replies(Reply.returning("slow").delayed(Duration.ofMillis(300)));
    fake.on("migrate-pause").returns("fast"); // QEMU allows this one out-of-band
    try (WireClient client = negotiated()) {
      client.send("{\"execute\":\"slow\",\"id\":1}{\"exec-oob\":\"migrate-pause\",\"id\":2}");
      assertEquals("{\"return\":\"fast\",\"id\":2}", client.next().toString());
      assertEquals("{\"return\":\"slow\",\"id\":1}", client.next().toString());
    }
  }

  @Test
  void inBandRepliesStayInOrderBehindADelayedOne() throws Exception {
    fake.on("slow").replies(Reply.returning("slow").delayed(Duration.ofMillis(100)));
    try (WireClient client = negotiated()) {
      client.send(
          "{\"execute\":\"slow\",\"id\":1}{\"execute\":\"query-status\",\"id\":2}"
              + "{\"execute\":\"slow\",\"id\":3}{\"execute\":\"query-version\",\"id\":4}");
      for (int id = 1; id <= 4; id++) {
        assertEquals(id, client.next().get("id").asInt());
      }
    }
  }

  @Test
  void withoutOobRepliesStayInOrder() throws Exception {
    fake.on("slow").replies(Reply.returning("slow").delayed(Duration.ofMillis(100)));
    try (WireClient client = WireClient.connect(fake.start())) {
      client.greeting();
      client.negotiate(false);
      client.send("{\"execute\":\"slow\",\"id\":1}{\"execute\":\"query-status\",\"id\":2}");
      assertEquals(1, client.next().get("id").asInt());
      assertEquals(2, client.next().get("id").asInt());
    }
  }

  @Test
  void outOfBandOnlyForCommandsThatAllowIt() throws Exception {
    fake.on("quick").returns(1);
    fake.on("quicker").returns(2).allowOob(true);
    try (WireClient client = negotiated()) {
      assertEquals(
          "The command quick does not support OOB",
          client.execute("{\"exec-oob\":\"quick\",\"id\":1}").get("error").get("desc").asString());
      assertEquals(2, client.execute("{\"exec-oob\":\"quicker\",\"id\":2}").get("return").asInt());
    }
    assertTrue(fake.on("yank").allowsOob());
    assertFalse(fake.on("stop").allowsOob());
  }

  @Test
  void aStubReplacesTheBuiltIn() throws Exception {
    fake.on("stop").fails("GenericError", "Not now");
    try (WireClient client = negotiated()) {
      assertEquals(
          "Not now", client.execute("{\"execute\":\"stop\"}").get("error").get("desc").asString());
      assertEquals("running", fake.status());
      fake.emitEvent("MARK");
      assertEquals("MARK", client.next().get("event").asString(), "no STOP came before");
    }
  }

  @Test
  void repliesWithAnotherIdOrNone() throws Exception {
    fake.on("a").replies(Reply.ok().withId(Map.of("n", 1)));
    fake.on("b").replies(Reply.ok().withoutId());
    try (WireClient client = negotiated()) {
      assertEquals(
          "{\"n\":1}", client.execute("{\"execute\":\"a\",\"id\":5}").get("id").toString());
      assertFalse(client.execute("{\"execute\":\"b\",\"id\":5}").has("id"));
    }
  }

  @Test
  void emitEventReachesNegotiatedClientsOnly() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient ready = WireClient.connect(address);
        WireClient negotiating = WireClient.connect(address)) {
      ready.handshake();
      negotiating.greeting();
      assertEquals(1, fake.emitEvent("DEVICE_TRAY_MOVED", Map.of("tray-open", true)));
      JsonNode event = ready.next();
      assertEquals("DEVICE_TRAY_MOVED", event.get("event").asString());
      assertTrue(event.get("timestamp").get("microseconds").isIntegralNumber());
      negotiating.negotiate(true); // the next message it gets is its negotiation reply
      assertEquals(2, fake.emitEvent("SECOND"));
      assertEquals("SECOND", negotiating.next().get("event").asString());
      assertFalse(
          negotiating.execute("{\"execute\":\"query-status\"}").has("event"),
          "no event was queued for later");
    }
    assertThrows(IllegalArgumentException.class, () -> fake.emitEvent("BAD", List.of(1)));
  }

  @Test
  void eventsAfterNegotiation() throws Exception {
    fake.afterNegotiation(FakeEvent.of("HELLO", Map.of("n", 1)), Duration.ZERO)
        .afterNegotiation(FakeEvent.of("AGAIN", null), Duration.ofMillis(20));
    try (WireClient client = negotiated()) {
      assertEquals("HELLO", client.next().get("event").asString());
      JsonNode again = client.next();
      assertEquals("AGAIN", again.get("event").asString());
      assertFalse(again.has("data"), "QEMU omits data when there is none");
    }
  }

  @Test
  void aScriptedNegotiationFailureKeepsNegotiationMode() throws Exception {
    fake.on("qmp_capabilities").fails("GenericError", "no").returns(Map.of());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.greeting();
      assertEquals(
          "no",
          client.execute("{\"execute\":\"qmp_capabilities\"}").get("error").get("desc").asString());
      assertEquals(
          "CommandNotFound",
          client.execute("{\"execute\":\"query-status\"}").get("error").get("class").asString());
      assertTrue(client.execute("{\"execute\":\"qmp_capabilities\"}").has("return"));
      assertTrue(client.execute("{\"execute\":\"query-status\"}").has("return"));
    }
  }

  @Test
  void capabilityNotOfferedIsRefusedWithQemusText() throws Exception {
    fake.oob(false);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.greeting();
      JsonNode reply =
          client.execute("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}");
      assertEquals("Capability oob not available", reply.get("error").get("desc").asString());
      client.negotiate(false);
      assertEquals(
          "QMP input member 'exec-oob' is unexpected",
          client.execute("{\"exec-oob\":\"yank\"}").get("error").get("desc").asString());
    }
  }

  @Test
  void prettyOutputSpansLines() throws Exception {
    fake.pretty(true);
    try (WireClient client = WireClient.connect(fake.start())) {
      assertTrue(client.nextRaw().startsWith("{\r\n    \"QMP\": {\r\n"));
      client.negotiate(true);
      client.send("{\"execute\":\"query-status\"}");
      assertEquals(
          String.join(
              "\r\n",
              "{",
              "    \"return\": {",
              "        \"status\": \"running\",",
              "        \"singlestep\": false,",
              "        \"running\": true",
              "    }",
              "}",
              ""),
          client.nextRaw());
    }
  }

  @Test
  void everyReplyCanBeSlowed() throws Exception {
    fake.delayEveryReply(Duration.ofMillis(200)).on("slow").returns(1);
    fake.on("migrate-pause").returns(2);
    try (WireClient client = negotiated()) {
      client.send(
          "{\"execute\":\"query-status\",\"id\":1}{\"exec-oob\":\"migrate-pause\",\"id\":2}");
      assertEquals(2, client.nextReply().get("id").asInt(), "out-of-band skips the queue");
      assertEquals(1, client.nextReply().get("id").asInt());
    }
  }
}
