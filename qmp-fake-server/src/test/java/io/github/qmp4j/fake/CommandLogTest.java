package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ProtocolTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command log is bounded: by default it keeps 10,000 commands; when full it drops the oldest
 * and counts them; recording can be turned off while {@link FakeQmpServer#commandCount()} counts
 * on; and scripts can set both.
 */
class CommandLogTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration NONE_COMES = Duration.ofMillis(50);
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() {
    fake.close();
  }

  /** Sends query-status with the ids from..to, each answered before the next. */
  private static void send(WireClient client, int from, int to) throws Exception {
    for (int id = from; id <= to; id++) {
      assertEquals(
          id, client.execute("{\"execute\":\"query-status\",\"id\":" + id + "}").get("id").asInt());
    }
  }

  private int takeId() throws InterruptedException {
    return fake.takeCommand(WAIT).id().orElseThrow().asInt();
  }

  @Test
  void recordingIsOnAndBoundedByDefault() throws Exception {
    assertEquals(10_000, fake.commandLogCapacity());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      send(client, 1, 3);
    }
    assertEquals(1, takeId());
    assertEquals(0, fake.droppedCommandCount());
  }

  @Test
  void aFullLogDropsTheOldestAndCountsThem() throws Exception {
    fake.commandLogCapacity(3);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      send(client, 1, 5);
    }
    assertEquals(5, fake.commandCount(), "every command is counted");
    assertEquals(2, fake.droppedCommandCount());
    assertEquals(3, takeId(), "the oldest two were dropped");
    assertEquals(4, takeId());
    assertEquals(5, takeId());
    assertThrows(ProtocolTimeoutException.class, () -> fake.takeCommand(NONE_COMES));
  }

  @Test
  void takingMakesRoomSoNothingIsDropped() throws Exception {
    fake.commandLogCapacity(1);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      for (int id = 1; id <= 4; id++) {
        send(client, id, id);
        assertEquals(id, takeId());
      }
    }
    assertEquals(0, fake.droppedCommandCount());
  }

  @Test
  void loweringTheBoundDropsWhatNoLongerFits() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      send(client, 1, 4);
    }
    fake.commandLogCapacity(2);
    assertEquals(2, fake.droppedCommandCount());
    assertEquals(3, takeId());
    assertEquals(4, takeId());
  }

  @Test
  void recordingCanBeTurnedOffAndOnAgain() throws Exception {
    fake.recordCommands(false);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      send(client, 1, 3);
      assertEquals(3, fake.commandCount(), "counted although not kept");
      assertThrows(ProtocolTimeoutException.class, () -> fake.takeCommand(NONE_COMES));
      fake.recordCommands(true);
      send(client, 4, 4);
    }
    assertEquals(4, takeId());
    assertEquals(0, fake.droppedCommandCount(), "not keeping is not dropping");
  }

  @Test
  void theBoundMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fake.commandLogCapacity(0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
  }

  @Test
  void scriptsSetRecordingAndTheBound() throws Exception {
    fake.script(FakeScript.fromJson("{\"recordCommands\":false,\"commandLogCapacity\":7}"));
    assertEquals(7, fake.commandLogCapacity());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      send(client, 1, 1);
    }
    assertEquals(1, fake.commandCount());
    assertThrows(ProtocolTimeoutException.class, () -> fake.takeCommand(NONE_COMES));
    FakeScriptException e =
        assertThrows(
            FakeScriptException.class, () -> FakeScript.fromJson("{\"commandLogCapacity\":0}"));
    assertTrue(
        e.getMessage().contains("$.commandLogCapacity: expected a positive integer"),
        e.getMessage());
  }
}
