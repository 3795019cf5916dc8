package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many clients at once, or one after another as QEMU serves them; nothing leaks afterwards. */
class ConcurrentClientsTest {
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() throws InterruptedException {
    fake.close();
    Eventually.noEngineThreads();
    Eventually.waitFor(
        "fake worker threads to end",
        WireClient.TIMEOUT,
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("qmp4j-fake")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory:*", "tcp:127.0.0.1:0"})
  void servesHundredsOfClientsAtOnce(String listen) throws Exception {
    fake.on("whoami").answers(cmd -> Reply.returning(cmd.session()));
    TransportAddress address = fake.start(listen);
    int clients = 200;
    List<WireClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        open.add(WireClient.connect(address)); // all connected before any is served to the end
      }
      ExecutorService pool = Executors.newFixedThreadPool(16);
      Set<Integer> sessions = ConcurrentHashMap.newKeySet();
      List<Future<?>> done = new ArrayList<>();
      for (WireClient c : open) {
        done.add(
            pool.submit(
                () -> {
                  c.handshake();
                  sessions.add(c.execute("{\"execute\":\"whoami\"}").get("return").asInt());
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(clients, sessions.size(), "every client had its own session");
      assertEquals(clients, fake.openConnections());
    } finally {
      for (WireClient c : open) {
        c.close();
      }
    }
    Eventually.waitFor("sessions to end", WireClient.TIMEOUT, () -> fake.openConnections() == 0);
    assertEquals(clients, fake.connectionCount());
  }

  @Test
  void oneClientAtATimeQueuesTheNext() throws Exception {
    fake.oneClientAtATime(true);
    TransportAddress address = fake.start();
    try (WireClient first = WireClient.connect(address);
        WireClient second = WireClient.connect(address)) {
      first.handshake();
      second.send("{\"execute\":\"qmp_capabilities\"}{\"execute\":\"query-status\",\"id\":\"2\"}");
      first.execute("{\"execute\":\"stop\"}");
      assertEquals(1, fake.openConnections(), "the second waits, connected but not served");
      first.close();
      List<String> seen = second.rawUntilId("2");
      assertTrue(seen.get(0).startsWith("{\"QMP\""), "a fresh greeting once it is its turn");
      assertTrue(seen.get(2).contains("\"paused\""), "served after the first stopped the VM");
    }
  }

  @Test
  void closeEndsEveryConnection() throws Exception {
    TransportAddress address = fake.start();
    try (WireClient a = WireClient.connect(address);
        WireClient b = WireClient.connect(address)) {
      a.handshake();
      b.greeting();
      fake.close();
      assertEquals("", a.awaitClose());
      assertEquals("", b.awaitClose());
    }
    assertEquals(0, fake.openConnections());
  }
}
