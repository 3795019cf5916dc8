package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.memory.MemoryTransportProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counterparts of protocol.py's Connect and Accept tests, over the memory transport. A "hanging"
 * connect reaches a peer that never greets; a hanging accept waits for a peer that never comes.
 */
class LifecycleTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final List<Runstate> BAD =
      List.of(Runstate.CONNECTING, Runstate.DISCONNECTING, Runstate.IDLE);

  enum Mode {
    CONNECT,
    ACCEPT
  }

  private final LineProtocol proto =
      new LineProtocol(ProtocolConfig.builder().name("lifecycle").build(), null, true);
  private final RunstateRecorder recorder = new RunstateRecorder();
  private final TransportListener silentPeer;
  private Thread hangingThread = new Thread(() -> {});

  LifecycleTest() throws IOException {
    proto.addRunstateListener(recorder);
    silentPeer =
        new MemoryTransportProvider()
            .listen(TransportAddress.parse("memory:*"), TransportOptions.empty());
  }

  @AfterEach
  void cleanUp() throws Exception {
    assertEquals(Runstate.IDLE, proto.runstate());
    silentPeer.close();
    Eventually.noEngineThreads();
  }

  private void badConnection(Mode mode) throws InterruptedException {
    if (mode == Mode.CONNECT) {
      proto.connect(TransportAddress.parse("memory:nobody-is-here"), LONG);
    } else {
      proto.startServerAndAccept(silentPeer.localAddress(), LONG); // the name is taken
    }
  }

  private void hangingConnection(Mode mode, Duration timeout) throws InterruptedException {
    if (mode == Mode.CONNECT) {
      proto.connect(silentPeer.localAddress(), timeout);
    } else {
      proto.startServerAndAccept(TransportAddress.parse("memory:*"), timeout);
    }
  }

  private CompletableFuture<Throwable> hangInBackground(Mode mode) throws InterruptedException {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                hangingConnection(mode, LONG);
                outcome.complete(new AssertionError("connected"));
              } catch (Throwable e) {
                outcome.complete(e);
              }
            });
    t.start();
    hangingThread = t;
    proto.awaitRunstate(Runstate.CONNECTING, LONG);
    // Blocked waiting on the attempt, not still setting it up.
    Eventually.waitFor(
        "the attempt to block", LONG, () -> t.getState() == Thread.State.TIMED_WAITING);
    return outcome;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void badConnectionIsWrappedAndRollsBack(Mode mode) {
    ConnectException e = assertThrows(ConnectException.class, () -> badConnection(mode));
    assertEquals("Failed to establish connection", e.phase());
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals(BAD, recorder.seen());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void interruptCancelsAHangingAttempt(Mode mode) throws Exception {
    CompletableFuture<Throwable> outcome = hangInBackground(mode);
    hangingThread.interrupt();
    assertInstanceOf(InterruptedException.class, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(BAD, recorder.seen());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void disconnectCancelsAHangingAttempt(Mode mode) throws Exception {
    CompletableFuture<Throwable> outcome = hangInBackground(mode);
    proto.disconnect();
    assertInstanceOf(CancellationException.class, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(BAD, recorder.seen());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void hangingAttemptTimesOut(Mode mode) {
    ConnectException e =
        assertThrows(ConnectException.class, () -> hangingConnection(mode, Duration.ofMillis(50)));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(BAD, recorder.seen());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void secondAttemptWhileConnectingIsAStateError(Mode mode) throws Exception {
    CompletableFuture<Throwable> outcome = hangInBackground(mode);
    StateException e = assertThrows(StateException.class, () -> badConnection(mode));
    assertEquals("LineProtocol is currently connecting.", e.getMessage());
    assertEquals(Runstate.CONNECTING, e.actual());
    assertEquals(Set.of(Runstate.IDLE), e.required());
    proto.disconnect();
    assertInstanceOf(CancellationException.class, outcome.get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void awaitRunstateChangeSeesTheNextTransition(Mode mode) throws Exception {
    CompletableFuture<Runstate> next = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                next.complete(proto.awaitRunstateChange(LONG));
              } catch (Throwable e) {
                next.completeExceptionally(e);
              }
            });
    waiter.start();
    Eventually.waitFor(
        "the waiter to block", LONG, () -> waiter.getState() == Thread.State.TIMED_WAITING);
    CompletableFuture<Throwable> outcome = hangInBackground(mode);
    assertEquals(Runstate.CONNECTING, next.get(10, TimeUnit.SECONDS));
    proto.disconnect();
    outcome.get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void repeatedBadAttemptsEachRollBack(Mode mode) {
    assertThrows(ConnectException.class, () -> badConnection(mode));
    assertThrows(ConnectException.class, () -> badConnection(mode));
    assertEquals(
        List.of(
            Runstate.CONNECTING,
            Runstate.DISCONNECTING,
            Runstate.IDLE,
            Runstate.CONNECTING,
            Runstate.DISCONNECTING,
            Runstate.IDLE),
        recorder.seen());
  }

  @Test
  void awaitRunstateChangeTimesOut() {
    assertThrows(
        ProtocolTimeoutException.class, () -> proto.awaitRunstateChange(Duration.ofMillis(20)));
  }

  @Test
  void acceptWithoutStartServerIsAStateError() {
    StateException e = assertThrows(StateException.class, () -> proto.accept(LONG));
    assertEquals("LineProtocol is disconnected and idle.", e.getMessage());
    assertTrue(recorder.seen().isEmpty());
  }

  @Test
  void startServerThenDisconnectClosesTheListener() throws Exception {
    TransportAddress address = proto.startServer(TransportAddress.parse("memory:*"));
    assertEquals(Runstate.CONNECTING, proto.runstate());
    assertEquals(address, proto.serverAddress().orElseThrow());
    proto.disconnect();
    assertEquals(BAD, recorder.seen());
    // The name is free again: listening on it works.
    new MemoryTransportProvider().listen(address, TransportOptions.empty()).close();
  }
}
