package io.github.qmp4j.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * protocol.py's Connect tests over real TCP: a refused connect, and a connect that hangs because
 * the peer's accept backlog is jammed, cancelled or timed out.
 */
class TcpLifecycleTest {
  private static final List<Runstate> BAD =
      List.of(Runstate.CONNECTING, Runstate.DISCONNECTING, Runstate.IDLE);

  private final LineProtocol proto =
      new LineProtocol(ProtocolConfig.builder().name("tcp-lifecycle").build(), null, false);
  private final List<Runstate> seen = new ArrayList<>();
  private final List<AutoCloseable> jam = new ArrayList<>();

  TcpLifecycleTest() {
    proto.addRunstateListener((from, to) -> seen.add(to));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : jam) {
      c.close();
    }
    assertEquals(Runstate.IDLE, proto.runstate());
    Eventually.noEngineThreads();
  }

  /** A listening socket whose backlog is full, so that further connects hang. */
  private TransportAddress jammedAddress() throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    jam.add(server);
    for (int i = 0; i < 2; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      jam.add(s);
    }
    return TransportAddress.parse("tcp:127.0.0.1:" + server.getLocalPort());
  }

  @Test
  void badInetIsAConnectExceptionWithTheSocketError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TransportAddress refused = TransportAddress.parse("tcp:127.0.0.1:" + port);
    ConnectException e =
        assertThrows(ConnectException.class, () -> proto.connect(refused, Duration.ofSeconds(5)));
    assertEquals("Failed to establish connection", e.phase());
    assertInstanceOf(java.net.ConnectException.class, e.getCause());
    assertEquals(BAD, seen);
  }

  @Test
  void hangingConnectTimesOut() throws Exception {
    TransportAddress jammed = jammedAddress();
    ConnectException e =
        assertThrows(ConnectException.class, () -> proto.connect(jammed, Duration.ofMillis(200)));
    // Either the engine's deadline or the socket's own connect timeout fires first.
    Throwable cause = e.getCause();
    if (!(cause instanceof TimeoutException)) {
      assertInstanceOf(java.net.SocketTimeoutException.class, cause);
    }
    assertEquals(BAD, seen);
  }

  @Test
  void hangingConnectIsCancelledByDisconnect() throws Exception {
    TransportAddress jammed = jammedAddress();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                // A blocking connect ends only by its own timeout; keep it short so that the
                // abandoned worker is gone before the thread-leak check.
                proto.connect(jammed, Duration.ofSeconds(3));
                outcome.complete(new AssertionError("connected"));
              } catch (Throwable x) {
                outcome.complete(x);
              }
            });
    t.start();
    proto.awaitRunstate(Runstate.CONNECTING, Duration.ofSeconds(10));
    Eventually.waitFor(
        "connect to block", Duration.ofSeconds(10), () -> t.getState() != Thread.State.RUNNABLE);
    proto.disconnect();
    assertInstanceOf(CancellationException.class, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(BAD, seen);
  }
}
