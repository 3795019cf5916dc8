package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The fake is useful without a script: greeting, negotiation and the built-in commands. */
class BuiltinAnswersTest {
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() throws InterruptedException {
    fake.close();
    Eventually.noEngineThreads();
  }

  @Test
  void greetsExactlyAsQemuDoes() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient client = WireClient.connect(address)) {
      assertEquals(
          "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
              + " \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n",
          client.nextRaw());
    }
  }

  @Test
  void versionAndCapabilitiesAreConfigurable() throws Exception {
    fake.version(new QemuVersion(8, 2, 1, "Debian 1:8.2.1")).oob(false);
    try (WireClient client = WireClient.connect(fake.start())) {
      JsonNode qmp = client.greeting().get("QMP");
      assertEquals(8, qmp.get("version").get("qemu").get("major").asInt());
      assertEquals("Debian 1:8.2.1", qmp.get("version").get("package").asString());
      assertEquals("[]", qmp.get("capabilities").toString());
      client.negotiate(false);
      assertEquals(
          "8.2.1Debian 1:8.2.1\r\n",
          client
              .execute(
                  "{\"execute\":\"human-monitor-command\","
                      + "\"arguments\":{\"command-line\":\"info version\"}}")
              .get("return")
              .asString());
    }
  }

  @Test
  void stopAndContChangeTheStatusAndSendEventsBeforeTheReply() throws Exception {
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"stop\",\"id\":1}");
      JsonNode stop = client.next();
      assertEquals("STOP", stop.get("event").asString());
      assertTrue(stop.get("timestamp").get("seconds").isIntegralNumber());
      assertEquals("{\"return\":{},\"id\":1}", client.next().toString());
      assertEquals("paused", fake.status());
      assertEquals(
          "{\"running\":false,\"singlestep\":false,\"status\":\"paused\"}",
          sorted(client.execute("{\"execute\":\"query-status\"}").get("return")));
      client.send("{\"execute\":\"stop\",\"id\":2}");
      assertEquals("{\"return\":{},\"id\":2}", client.next().toString(), "no second STOP");
      client.send("{\"execute\":\"cont\"}");
      assertEquals("RESUME", client.next().get("event").asString());
      assertEquals("{\"return\":{}}", client.next().toString());
      assertEquals("running", fake.status());
    }
  }

  @Test
  void prelaunchStatusIsPausedUntilCont() throws Exception {
    fake.status("prelaunch");
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      assertEquals(
          "VM status: paused (prelaunch)\r\n",
          client
              .execute(
                  "{\"execute\":\"human-monitor-command\","
                      + "\"arguments\":{\"command-line\":\"info status\"}}")
              .get("return")
              .asString());
      client.send("{\"execute\":\"cont\"}");
      assertEquals("RESUME", client.next().get("event").asString());
    }
  }

  @Test
  void queryCommandsListsWhatTheFakeAnswers() throws Exception {
    fake.on("blockdev-add").returns(null);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      List<String> names = new ArrayList<>();
      client
          .execute("{\"execute\":\"query-commands\"}")
          .get("return")
          .values()
          .forEach(c -> names.add(c.get("name").asString()));
      assertTrue(
          names.containsAll(
              List.of(
                  "blockdev-add",
                  "query-status",
                  "qmp_capabilities",
                  "stop",
                  "cont",
                  "quit",
                  "getfd",
                  "add-fd",
                  "query-fdsets",
                  "human-monitor-command")),
          names.toString());
      assertFalse(names.contains("device_add"), "the fake does not pretend to know everything");
    }
  }

  @Test
  void quitRepliesSendsShutdownAndCloses() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      client.send("{\"execute\":\"quit\",\"id\":\"q\"}");
      JsonNode shutdown = client.next();
      assertEquals("SHUTDOWN", shutdown.get("event").asString());
      assertEquals(
          "{\"guest\":false,\"reason\":\"host-qmp-quit\"}", shutdown.get("data").toString());
      assertEquals("{\"return\":{},\"id\":\"q\"}", client.next().toString());
      assertEquals("", client.awaitClose());
    }
    try (WireClient next = WireClient.connect(address)) {
      next.greeting(); // a fake outlives quit; each connection gets a fresh greeting
    }
  }

  @Test
  void theNextClientGetsAFreshGreetingAndNegotiatesAgain() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient first = WireClient.connect(address)) {
      first.handshake();
    }
    try (WireClient second = WireClient.connect(address)) {
      second.greeting();
      JsonNode reply = second.execute("{\"execute\":\"query-status\"}");
      assertEquals("CommandNotFound", reply.get("error").get("class").asString());
      second.execute("{\"execute\":\"qmp_capabilities\"}");
      assertTrue(second.execute("{\"execute\":\"query-status\"}").has("return"));
    }
    assertEquals(2, fake.connectionCount());
  }

  @Test
  void servesOverTcp() throws Exception {
    TransportAddress address = fake.start("tcp:127.0.0.1:0");
    assertEquals("tcp", address.scheme());
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      assertEquals(
          7,
          client
              .execute("{\"execute\":\"query-version\"}")
              .get("return")
              .get("qemu")
              .get("major")
              .asInt());
    }
  }

  static String sorted(JsonNode node) {
    return WireClient.JSON
        .rebuild()
        .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build()
        .writeValueAsString(WireClient.JSON.convertValue(node, java.util.TreeMap.class));
  }
}
