package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ProtocolTimeoutException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the fake records: every command, with its arguments, id, OOB flag and session. */
class RecordingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() {
    fake.close();
  }

  @Test
  void recordsEachCommandWithItsDetails() throws Exception {
    fake.on("migrate-pause").returns(null);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.execute("{\"execute\":\"query-status\"}");
      client.execute(
          "{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"n1\"},\"id\":[1,\"a\"]}");
      client.execute("{\"exec-oob\":\"migrate-pause\",\"id\":\"o\"}");
    }
    ReceivedCommand status = fake.takeCommand(WAIT);
    assertEquals("query-status", status.name());
    assertTrue(status.arguments().isEmpty());
    assertTrue(status.id().isEmpty());
    assertFalse(status.oob());
    assertEquals(1, status.session());
    ReceivedCommand del = fake.takeCommand(WAIT);
    assertEquals("blockdev-del", del.name(), "unknown commands are recorded too");
    assertEquals("n1", del.argument("node-name").asString());
    assertTrue(del.argument("missing").isMissingNode());
    assertEquals("[1,\"a\"]", del.id().orElseThrow().toString());
    assertTrue(del.descriptors().isEmpty());
    ReceivedCommand oob = fake.takeCommand(WAIT);
    assertTrue(oob.oob());
    assertEquals("migrate-pause", oob.name());
    assertEquals(3, fake.commandCount());
  }

  @Test
  void negotiationAndMalformedInputAreNotCommands() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("[]{}garbage,{\"execute\":1}");
      client.send("{\"execute\":\"query-status\",\"id\":\"last\"}");
      assertEquals(6, client.rawUntilId("last").size(), "five errors, then the reply");
    }
    assertEquals("query-status", fake.takeCommand(WAIT).name());
    assertEquals(1, fake.commandCount());
    assertThrows(ProtocolTimeoutException.class, () -> fake.takeCommand(Duration.ofMillis(50)));
  }

  @Test
  void negotiationIsRecordedOnRequest() throws Exception {
    fake.recordNegotiation(true);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
    }
    ReceivedCommand negotiation = fake.takeCommand(WAIT);
    assertEquals("qmp_capabilities", negotiation.name());
    assertEquals("[\"oob\"]", negotiation.argument("enable").toString());
  }

  @Test
  void commandsBeforeNegotiationAreRecordedAndRefused() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.greeting();
      client.execute("{\"execute\":\"query-status\"}");
    }
    assertEquals("query-status", fake.takeCommand(WAIT).name());
  }

  @Test
  void sessionsAreNumberedInConnectionOrder() throws Exception {
    TransportAddress address = fake.start();
    for (int i = 0; i < 3; i++) {
      try (WireClient client = WireClient.connect(address)) {
        client.handshake();
        client.execute("{\"execute\":\"query-status\"}");
      }
      assertEquals(i + 1, fake.takeCommand(WAIT).session());
    }
    assertEquals(3, fake.connectionCount());
  }

  @Test
  void strictModeCollectsCommandsNoScriptExpects() throws Exception {
    fake.strict(true).expect("query-status").on("system_reset").returns(null);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.execute("{\"execute\":\"query-status\"}");
      client.execute("{\"execute\":\"system_reset\"}");
      fake.verify();
      assertTrue(client.execute("{\"execute\":\"stop\"}").has("return"), "still answered");
      client.execute("{\"execute\":\"nope\"}");
    }
    AssertionError failure = assertThrows(AssertionError.class, fake::verify);
    assertTrue(failure.getMessage().contains("2 command(s)"), failure.getMessage());
    assertEquals("stop", fake.unexpectedCommands().get(0).name());
    assertEquals("nope", fake.unexpectedCommands().get(1).name());
  }

  @Test
  void withoutStrictModeNothingIsUnexpected() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.execute("{\"execute\":\"nope\"}");
    }
    fake.verify();
  }
}
