package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults in place of a reply, or injected at once into every connection. */
class FaultEffectsTest {
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() throws InterruptedException {
    fake.close();
    Eventually.noEngineThreads();
  }

  @Test
  void closeOnTheSecondCallThenServeTheNextClient() throws Exception {
    fake.on("query-jobs").returnsJson("[]").fault(Fault.close());
    TransportAddress address = fake.start();
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      assertEquals("[]", client.execute("{\"execute\":\"query-jobs\"}").get("return").toString());
      client.send("{\"execute\":\"query-jobs\",\"id\":2}");
      assertEquals("", client.awaitClose(), "closed without a reply");
    }
    try (WireClient next = WireClient.connect(address)) {
      next.handshake(); // the fake itself lives on
    }
  }

  @Test
  void closeMidMessageLeavesHalfAReply() throws Exception {
    fake.on("x").fault(Fault.closeMidMessage());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"x\",\"id\":\"abc\"}");
      String whole = "{\"return\": {}, \"id\": \"abc\"}\r\n";
      assertEquals(whole.substring(0, whole.length() / 2), client.awaitClose());
    }
  }

  @Test
  void garbageAndThenTheSessionGoesOn() throws Exception {
    fake.on("x")
        .fault(Fault.garbage("\u00ff\u00fe{not json\n".getBytes(StandardCharsets.ISO_8859_1)));
    fake.on("y").fault(Fault.garbage());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"x\"}");
      assertEquals("\u00ff\u00fe{not json\n", client.nextRaw());
      client.send("{\"execute\":\"y\"}");
      assertEquals("}{garbage\r\n", client.nextRaw());
      assertTrue(client.execute("{\"execute\":\"query-status\"}").has("return"));
    }
  }

  @Test
  void anOversizedReply() throws Exception {
    fake.on("big").fault(Fault.oversized(11 << 20));
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"big\",\"id\":1}");
      String reply = client.nextRaw();
      assertTrue(reply.length() > 11 << 20);
      assertTrue(reply.startsWith("{\"return\": \"xxx"));
      assertTrue(reply.endsWith("\", \"id\": 1}\r\n"));
    }
  }

  @Test
  void aReplyWithAWrongId() throws Exception {
    fake.on("x").fault(Fault.wrongId());
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      assertEquals(
          "a-wrong", client.execute("{\"execute\":\"x\",\"id\":\"a\"}").get("id").asString());
      assertEquals(8, client.execute("{\"execute\":\"x\",\"id\":7}").get("id").asInt());
      assertEquals("wrong-id", client.execute("{\"execute\":\"x\"}").get("id").asString());
    }
  }

  @Test
  void aStallAnswersNothingUntilTheServerCloses() throws Exception {
    fake.on("hang").fault(Fault.stall());
    TransportAddress address = fake.start();
    try (WireClient stalled = WireClient.connect(address);
        WireClient other = WireClient.connect(address)) {
      stalled.handshake();
      other.handshake();
      stalled.send("{\"execute\":\"hang\"}{\"execute\":\"query-status\",\"id\":2}");
      Eventually.waitFor("the stall", WireClient.TIMEOUT, () -> fake.commandCount() == 1);
      assertTrue(other.execute("{\"execute\":\"query-status\"}").has("return"), "others go on");
      assertEquals(1, fake.emitEvent("TICK"), "a stalled session gets no events");
      assertEquals("TICK", other.next().get("event").asString());
      fake.close();
      assertEquals("", stalled.awaitClose(), "nothing came before the close");
    }
  }

  @Test
  void injectedFaultsHitEveryOpenConnection() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient a = WireClient.connect(address);
        WireClient b = WireClient.connect(address)) {
      a.handshake();
      b.handshake();
      assertEquals(
          2, fake.injectFault(Fault.garbage("oops\n".getBytes(StandardCharsets.US_ASCII))));
      assertEquals("oops\n", a.nextRaw());
      assertEquals("oops\n", b.nextRaw());
      assertEquals(2, fake.injectFault(Fault.close()));
      a.awaitClose();
      b.awaitClose();
    }
    Eventually.waitFor("sessions to end", WireClient.TIMEOUT, () -> fake.openConnections() == 0);
  }

  @Test
  void anInjectedStallSilencesTheConnection() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      fake.injectFault(Fault.stall());
      client.send("{\"execute\":\"query-status\"}");
      assertEquals(0, fake.emitEvent("TICK"));
      fake.close();
      assertEquals("", client.awaitClose());
    }
  }
}
