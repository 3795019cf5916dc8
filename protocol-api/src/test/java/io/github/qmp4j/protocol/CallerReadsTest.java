package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Background;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineCodec;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers blocked in {@link AsyncProtocol#awaitCompletion} read their replies themselves: no
 * message is lost, reordered or delivered twice, timeouts and interrupts leave the session intact,
 * and the background reader takes over when callers are gone.
 */
class CallerReadsTest {
  private static final Duration LONG = Duration.ofSeconds(10);

  /** Requests "id:text"; a reply is "id:text"; any other line is an unsolicited "event". */
  static final class RequestProtocol extends AsyncProtocol<String> {
    final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> readBy = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    RequestProtocol(ProtocolConfig config) {
      super(new LineCodec(), config);
    }

    @Override
    protected void onMessage(String message) {
      readBy.add(Thread.currentThread().getName());
      int colon = message.indexOf(':');
      CompletableFuture<String> f = colon < 0 ? null : pending.remove(message.substring(0, colon));
      if (f == null) {
        events.add(message);
      } else {
        f.complete(message.substring(colon + 1));
      }
    }

    @Override
    protected void onSessionEnd(@Nullable Throwable error) {
      pending
          .values()
          .forEach(f -> f.completeExceptionally(new DisconnectedException("ended", error)));
    }

    CompletableFuture<String> request(String text) {
      String id = Integer.toString(ids.incrementAndGet());
      CompletableFuture<String> f = new CompletableFuture<>();
      pending.put(id, f);
      send("echo " + id + ":" + text);
      return f;
    }

    String call(String text, Duration timeout) throws Exception {
      CompletableFuture<String> f = request(text);
      if (!awaitCompletion(f, timeout)) {
        throw new ProtocolTimeoutException("reply", timeout);
      }
      return f.get();
    }

    boolean await(CompletableFuture<?> f, Duration timeout) throws InterruptedException {
      return awaitCompletion(f, timeout);
    }
  }

  private final LineProtocol server = new LineProtocol("reads-server");
  private final RequestProtocol client =
      new RequestProtocol(ProtocolConfig.builder().name("reads-client").build());

  private void connect() throws Exception {
    Background.connectPair(server, client, "memory:*");
  }

  @AfterEach
  void cleanUp() throws Exception {
    client.close();
    server.close();
    Eventually.noEngineThreads();
  }

  @Test
  void aBlockedCallerReadsItsOwnReply() throws Exception {
    // A long grace keeps the background reader away between calls even on a loaded machine, where
    // the test thread may be descheduled for longer than the default millisecond.
    RequestProtocol patient =
        new RequestProtocol(
            ProtocolConfig.builder()
                .name("patient-client")
                .readHandoffGrace(Duration.ofSeconds(30))
                .build());
    Background.connectPair(server, patient, "memory:*");
    try {
      for (int i = 0; i < 200; i++) {
        assertEquals("hello " + i, patient.call("hello " + i, LONG));
      }
      // Until a caller has had to wait once, the background reader (already blocked in a read)
      // keeps reading: it may take the first replies, but never one after that.
      String caller = Thread.currentThread().getName();
      List<Integer> notByCaller = new ArrayList<>();
      for (int i = 0; i < patient.readBy.size(); i++) {
        if (!patient.readBy.get(i).equals(caller)) {
          notByCaller.add(i);
        }
      }
      assertTrue(
          notByCaller.stream().allMatch(i -> i < 3),
          "replies not read by the caller: " + notByCaller);
    } finally {
      patient.close();
    }
  }

  @Test
  void concurrentCallersAndEventsLoseAndReorderNothing() throws Exception {
    connect();
    int threads = 4;
    int calls = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < calls; i++) {
                  assertEquals(id + "/" + i, client.call(id + "/" + i, LONG));
                }
                return null;
              }));
    }
    for (int e = 0; e < 500; e++) {
      server.sendLine("event " + e);
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    Eventually.waitFor("all events", LONG, () -> client.events.size() == 500);
    for (int e = 0; e < 500; e++) {
      assertEquals("event " + e, client.events.get(e));
    }
    assertTrue(client.pending.isEmpty());
  }

  @Test
  void aTimeoutMidMessageLosesNothing() throws Exception {
    TransportConnection peer = Background.connectToRawPeer(client);
    OutputStream out = peer.output();
    CompletableFuture<String> reply = client.request("split");
    out.write("1:first ha".getBytes(StandardCharsets.UTF_8));
    assertFalse(client.await(reply, Duration.ofMillis(30)), "half a reply is no reply");
    assertEquals(Runstate.RUNNING, client.runstate());
    out.write("lf\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("first half", reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
    peer.close();
  }

  @Test
  void anInterruptedCallerLeavesTheSessionIntact() throws Exception {
    TransportConnection peer = Background.connectToRawPeer(client);
    CompletableFuture<String> reply = client.request("never answered in time");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> client.await(reply, LONG));
    assertEquals(Runstate.RUNNING, client.runstate());
    peer.output().write("1:late\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("late", reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
    peer.close();
  }

  @Test
  void eventsWithoutCallersAreReadByTheBackgroundReader() throws Exception {
    connect();
    assertEquals("warm", client.call("warm", LONG));
    server.sendLine("unsolicited");
    Eventually.waitFor("the event", LONG, () -> client.events.contains("unsolicited"));
    String last = client.readBy.get(client.readBy.size() - 1);
    assertNotEquals(Thread.currentThread().getName(), last);
    assertTrue(last.startsWith("qmp4j-reader"), last);
  }

  @Test
  void aSessionEndWakesWaitingCallers() throws Exception {
    connect();
    CompletableFuture<String> f = client.request("x");
    server.disconnect();
    assertTrue(client.await(f, LONG));
    assertTrue(f.isCompletedExceptionally() || "x".equals(f.getNow(null)));
  }

  @Test
  void zeroGraceTurnsCallerReadsOff() throws Exception {
    RequestProtocol noHandoff =
        new RequestProtocol(
            ProtocolConfig.builder().name("no-handoff").readHandoffGrace(Duration.ZERO).build());
    Background.connectPair(server, noHandoff, "memory:*");
    try {
      for (int i = 0; i < 20; i++) {
        assertEquals("n" + i, noHandoff.call("n" + i, LONG));
      }
      assertTrue(noHandoff.readBy.stream().allMatch(n -> n.startsWith("qmp4j-reader")));
    } finally {
      noHandoff.close();
    }
  }
}
