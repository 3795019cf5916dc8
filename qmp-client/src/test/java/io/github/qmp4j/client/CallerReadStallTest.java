package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocking callers read their own replies in turns (the engine's {@code awaitCompletion}); a caller
 * that finds the read lock taken waits for "progress". The engine releases that lock on some paths
 * without signalling progress (the background reader stepping aside for an arriving caller; a
 * caller leaving because its reply came, its time ran out or its read timed out), so a caller could
 * wait for its whole command timeout while its reply sat unread and nobody read the socket. Found
 * by {@link ClientSessionFuzzTest}. The client bounds that wait (see {@code QmpClient.await}); this
 * test hammers the race: callers back to back on a fast peer, each reply due at once, and none may
 * take anywhere near the timeout.
 */
class CallerReadStallTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final int CALLERS = 2;
  private static final int CALLS_EACH = 500;

  @Test
  void noBlockingCallerWaitsForAReplyThatHasArrived() throws Exception {
    TransportProvider memory = TransportRegistry.getDefault().provider("memory");
    TransportListener server =
        memory.listen(TransportAddress.parse("memory:*"), TransportOptions.empty());
    QmpClient client = QmpClient.builder().commandTimeout(COMMAND_TIMEOUT).build();
    AtomicLong slowestNanos = new AtomicLong();
    try {
      TransportConnection clientSide =
          memory.connect(server.localAddress(), TransportOptions.empty(), COMMAND_TIMEOUT);
      TransportConnection serverSide = server.accept();
      Thread responder = startResponder(serverSide);
      client.connect(clientSide, Duration.ofSeconds(10));
      List<CompletableFuture<Void>> callers = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        callers.add(CompletableFuture.runAsync(() -> callBackToBack(client, slowestNanos)));
      }
      for (CompletableFuture<Void> caller : callers) {
        try {
          caller.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("a caller failed", e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("the callers did not finish", e);
        }
      }
      client.disconnect();
      responder.join(10_000);
    } finally {
      client.close();
      server.close();
    }
    long slowestMillis = TimeUnit.NANOSECONDS.toMillis(slowestNanos.get());
    // Not a timing claim about speed: a stalled caller waits for its whole 30 s timeout.
    assertTrue(slowestMillis < 10_000, "a caller waited " + slowestMillis + " ms for its reply");
  }

  private static void callBackToBack(QmpClient client, AtomicLong slowestNanos) {
    try {
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < CALLS_EACH; i++) {
        // Pauses past the engine's read hand-off grace (1 ms): the background reader takes the
        // socket back, and callers keep arriving while it goes round its loop.
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000 + random.nextInt(1_000_000));
        long start = System.nanoTime();
        assertEquals(i, client.execute("echo", java.util.Map.of("n", i)).asInt());
        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Greets, answers every command at once with its argument {@code n}, and meanwhile streams events
   * without pause, so that the background reader keeps going round its loop (taking the read lock,
   * checking whether a caller came) just as callers arrive.
   */
  private static Thread startResponder(TransportConnection serverSide) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(serverSide.input(), StandardCharsets.UTF_8));
    OutputStream out = serverSide.output();
    JsonMapper json = JsonMapper.shared();
    byte[] event =
        "{\"event\": \"TICK\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 0}}\n"
            .getBytes(StandardCharsets.UTF_8);
    Thread ticker =
        new Thread(
            () -> {
              try {
                while (true) {
                  synchronized (out) {
                    out.write(event);
                  }
                }
              } catch (IOException e) {
                // the client disconnected
              }
            },
            "stall-test-events");
    ticker.setDaemon(true);
    Thread t =
        new Thread(
            () -> {
              try {
                synchronized (out) {
                  out.write((ScriptedPeer.GREETING_PLAIN + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (String line; (line = in.readLine()) != null; ) {
                  JsonNode request = json.readTree(line);
                  JsonNode id = request.get("id");
                  JsonNode n = request.at("/arguments/n");
                  String reply =
                      "{\"return\": "
                          + (n.isMissingNode() ? "{}" : n.toString())
                          + (id == null ? "" : ", \"id\": " + id)
                          + "}\n";
                  if (request.has("id") && ticker.getState() == Thread.State.NEW) {
                    ticker.start(); // negotiated: events may flow now
                  }
                  synchronized (out) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                  }
                }
              } catch (IOException e) {
                // the client disconnected
              } finally {
                try {
                  serverSide.close();
                } catch (IOException e) {
                  // closing anyway
                }
              }
            },
            "stall-test-responder");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
