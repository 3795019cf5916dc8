package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.codec.FramingException;
import io.github.qmp4j.protocol.conformance.Background;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counterparts of protocol.py's FakeSession and SimpleSession tests, plus the engine's own
 * guarantees: ordered delivery, flush on disconnect, the session error thrown once, no leaks.
 */
class SessionTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final List<Runstate> GOOD =
      List.of(Runstate.CONNECTING, Runstate.RUNNING, Runstate.DISCONNECTING, Runstate.IDLE);

  private final LineProtocol server = new LineProtocol("session-server");
  private final LineProtocol client = new LineProtocol("session-client");
  private final RunstateRecorder clientStates = new RunstateRecorder();

  SessionTest() {
    client.addRunstateListener(clientStates);
  }

  @AfterEach
  void cleanUp() throws Exception {
    client.close();
    server.close();
    assertEquals(Runstate.IDLE, client.runstate());
    assertEquals(Runstate.IDLE, server.runstate());
    Eventually.noEngineThreads();
  }

  private void connectPair() throws Exception {
    Background.connectPair(server, client, "memory:*");
    assertEquals(Runstate.RUNNING, server.runstate());
  }

  @Test
  void fullLifecycleRunsThroughTheGoodStates() throws Exception {
    connectPair();
    assertEquals(Runstate.RUNNING, client.runstate());
    client.disconnect();
    assertEquals(GOOD, clientStates.seen());
  }

  @Test
  void aMessageMeantForAnEndedSessionIsNeverSentOnTheNextOne() throws Exception {
    connectPair();
    Handshake<String> first = Objects.requireNonNull(client.lastSession());
    client.sendLineOn(first, "one");
    assertEquals("one", server.take(LONG));
    client.disconnect();
    Eventually.waitFor(
        "the server sees the end", LONG, () -> server.runstate() == Runstate.DISCONNECTING);
    assertThrows(SessionException.class, server::disconnect); // it saw the end of stream

    connectPair();
    Handshake<String> second = Objects.requireNonNull(client.lastSession());
    DisconnectedException e =
        assertThrows(DisconnectedException.class, () -> client.sendLineOn(first, "stray"));
    assertTrue(e.getMessage().contains("has ended"), e.getMessage());
    client.sendLineOn(second, "two");
    assertEquals("two", server.take(LONG)); // the stray line did not go ahead of it
  }

  @Test
  void connectWhileRunningIsAStateError() throws Exception {
    connectPair();
    StateException e =
        assertThrows(
            StateException.class, () -> client.connect(TransportAddress.parse("memory:x"), LONG));
    assertEquals("LineProtocol is already connected and running.", e.getMessage());
    assertEquals(Runstate.RUNNING, e.actual());
    assertEquals(Set.of(Runstate.IDLE), e.required());
    StateException e2 = assertThrows(StateException.class, () -> client.startServer("memory:*"));
    assertEquals(Runstate.RUNNING, e2.actual());
  }

  @Test
  void connectWhileDisconnectingIsAStateError() throws Exception {
    connectPair();
    server.disconnect(); // the client's reader sees end-of-stream: DISCONNECTING
    client.awaitRunstate(Runstate.DISCONNECTING, LONG);
    for (var attempt :
        List.<org.junit.jupiter.api.function.Executable>of(
            () -> client.connect(TransportAddress.parse("memory:x"), LONG),
            () -> client.startServerAndAccept(TransportAddress.parse("memory:*"), LONG))) {
      StateException e = assertThrows(StateException.class, attempt);
      assertEquals(
          "LineProtocol is disconnecting. Call disconnect() to return to IDLE state.",
          e.getMessage());
      assertEquals(Runstate.DISCONNECTING, e.actual());
    }
  }

  @Test
  void echoRoundTrip() throws Exception {
    connectPair();
    client.sendLine("echo hello");
    assertEquals("hello", client.take(LONG));
    server.sendLine("from the server");
    assertEquals("from the server", client.take(LONG));
  }

  @Test
  void peerCloseEndsTheSessionAndDisconnectThrowsItOnce() throws Exception {
    connectPair();
    server.disconnect();
    client.awaitRunstate(Runstate.DISCONNECTING, LONG);
    assertTrue(client.ended());
    assertInstanceOf(EOFException.class, client.endedWith());
    SessionException e = assertThrows(SessionException.class, client::disconnect);
    assertInstanceOf(EOFException.class, e.getCause());
    assertEquals(Runstate.IDLE, client.runstate());
    client.disconnect(); // once only
    assertEquals(GOOD, clientStates.seen().subList(0, 4));
  }

  @Test
  void orderlyDisconnectEndsTheSessionWithoutError() throws Exception {
    connectPair();
    client.disconnect();
    assertTrue(client.ended());
    assertNull(client.endedWith());
  }

  @Test
  void handlerExceptionEndsTheSession() throws Exception {
    connectPair();
    server.sendLine("throw");
    client.awaitRunstate(Runstate.DISCONNECTING, LONG);
    SessionException e = assertThrows(SessionException.class, client::disconnect);
    assertEquals("handler failed on purpose", e.getCause().getMessage());
  }

  @Test
  void malformedInputEndsTheSession() throws Exception {
    connectPair();
    server.sendLine("!bad input");
    client.awaitRunstate(Runstate.DISCONNECTING, LONG);
    SessionException e = assertThrows(SessionException.class, client::disconnect);
    assertInstanceOf(FramingException.class, e.getCause());
  }

  @Test
  void sendWhenNotRunningIsADisconnectedException() throws Exception {
    assertThrows(DisconnectedException.class, () -> client.sendLine("nobody"));
    connectPair();
    server.disconnect();
    client.awaitRunstate(Runstate.DISCONNECTING, LONG);
    DisconnectedException e =
        assertThrows(DisconnectedException.class, () -> client.sendLine("too late"));
    assertTrue(e.getMessage().startsWith("Cannot send"), e.getMessage());
  }

  @Test
  void concurrentSendersKeepTheirOwnOrder() throws Exception {
    connectPair();
    int threads = 4;
    int each = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < each; i++) {
                  client.sendLine(id + ":" + i);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    Map<Integer, Integer> next = new HashMap<>();
    for (int n = 0; n < threads * each; n++) {
      String[] parts = server.take(LONG).split(":", -1);
      int id = Integer.parseInt(parts[0]);
      int i = Integer.parseInt(parts[1]);
      assertEquals(next.getOrDefault(id, 0), i, "out of order for sender " + id);
      next.put(id, i + 1);
    }
  }

  @Test
  void disconnectFlushesWhatWasQueued() throws Exception {
    connectPair();
    int count = 20_000;
    Thread sender =
        new Thread(
            () -> {
              for (int i = 0; i < count; i++) {
                client.sendLine("m" + i);
              }
            });
    sender.start();
    sender.join();
    client.disconnect();
    for (int i = 0; i < count; i++) {
      assertEquals("m" + i, server.take(LONG));
    }
  }
}
