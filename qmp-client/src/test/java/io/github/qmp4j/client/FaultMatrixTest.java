package io.github.qmp4j.client;

import static io.github.qmp4j.client.Clients.await;
import static io.github.qmp4j.client.Clients.connectAsync;
import static io.github.qmp4j.client.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.ProtocolTimeoutException;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.codec.FramingException;
import io.github.qmp4j.protocol.codec.MessageTooLargeException;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The client-side fault matrix of issue #8: every way a peer can close, stall or misbehave, each
 * against a scripted peer on a real socket (TCP and Unix). For every case the same six things are
 * asserted:
 *
 * <ol>
 *   <li>the outcome is a typed exception whose message names the cause (or, for faults the session
 *       survives, a log line that does);
 *   <li>it arrives within the configured timeout (waited for with a deadline, never timed);
 *   <li>every pending call completes;
 *   <li>listeners end: a consumer blocked in {@code take} is released;
 *   <li>after {@code disconnect()} the client is {@code IDLE} and connects again to a healthy peer,
 *       with its listener still working;
 *   <li>no qmp4j thread and no file descriptor is left behind.
 * </ol>
 */
class FaultMatrixTest {
  /** Short timeouts for the cases that test a timeout. */
  private static final Duration SHORT = Duration.ofMillis(300);

  /** A slow peer's pace: still alive, far too slow for {@link #SHORT}. */
  private static final Duration DRIBBLE = Duration.ofMillis(50);

  private static final int SMALL_CAP = 64 * 1024;

  /** The transports the matrix runs over. */
  enum Transport {
    TCP,
    UNIX;

    ScriptedPeer open() throws IOException {
      return this == TCP ? ScriptedPeer.start() : ScriptedPeer.startUnix();
    }
  }

  /** When the fault strikes, and so what it must lead to. */
  enum Phase {
    /** While connecting: {@code connect} throws {@link ConnectException}. */
    CONNECT,
    /** In a running session, ending it: pending calls, listeners and disconnect see the cause. */
    FATAL,
    /** In a running session, which survives: the case checks its own outcome. */
    TOLERATED
  }

  /** The calls pending when a session fault strikes. */
  enum Load {
    /** No command; only a listener blocked in take. */
    NONE(0),
    /** One blocking {@code execute} (the caller reads its own reply) and three async ones. */
    TYPICAL(3),
    /** One blocking {@code execute} and 99 async ones: 100 commands pending. */
    HUNDRED(99);

    final int async;

    Load(int async) {
      this.async = async;
    }
  }

  /** Plays the peer's part of a fault. */
  @FunctionalInterface
  interface PeerScript {
    void play(ScriptedPeer peer, Calls calls) throws Exception;
  }

  /** Checks the outcome of a fault the session survives. */
  @FunctionalInterface
  interface Check {
    void check(Calls calls, LogCapture log) throws Exception;
  }

  /**
   * One row of the matrix.
   *
   * @param name what the peer does
   * @param phase when it strikes
   * @param config settings beyond {@link #baseBuilder()}
   * @param greeting the greeting of a session fault's healthy handshake
   * @param load the calls pending when a session fault strikes
   * @param script the peer's part
   * @param cause the type of the root cause (CONNECT and FATAL)
   * @param causeText what the outcome's message must say (CONNECT and FATAL)
   * @param check the outcome of a TOLERATED fault
   */
  record Fault(
      String name,
      Phase phase,
      UnaryOperator<QmpClientBuilder> config,
      String greeting,
      Load load,
      PeerScript script,
      Class<? extends Throwable> cause,
      String causeText,
      Check check) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The commands of a session fault and their futures. */
  static final class Calls {
    final ScriptedPeer peer;
    final JsonNode syncRequest;
    final CompletableFuture<JsonNode> sync;
    final List<CompletableFuture<JsonNode>> async = new ArrayList<>();

    Calls(ScriptedPeer peer, JsonNode syncRequest, CompletableFuture<JsonNode> sync) {
      this.peer = peer;
      this.syncRequest = syncRequest;
      this.sync = sync;
    }

    List<CompletableFuture<JsonNode>> all() {
      List<CompletableFuture<JsonNode>> all = new ArrayList<>(async);
      if (sync != null) {
        all.add(0, sync);
      }
      return all;
    }

    /** Reads the next {@code n} async requests from the wire. */
    List<JsonNode> takeAsync(int n) throws IOException {
      List<JsonNode> requests = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        requests.add(peer.takeRequest());
      }
      return requests;
    }

    String syncId() {
      return syncRequest.get("id").toString();
    }
  }

  private static QmpClientBuilder baseBuilder() {
    return QmpClient.builder()
        .connectTimeout(Duration.ofSeconds(10))
        .greetingTimeout(Duration.ofSeconds(5))
        .negotiationTimeout(Duration.ofSeconds(5))
        .commandTimeout(Duration.ofSeconds(10));
  }

  // ------------------------------------------------------------------------------ the rows

  private static Fault connectFault(
      String name,
      UnaryOperator<QmpClientBuilder> config,
      PeerScript script,
      Class<? extends Throwable> cause,
      String text) {
    return new Fault(
        name,
        Phase.CONNECT,
        config,
        ScriptedPeer.GREETING_PLAIN,
        Load.NONE,
        script,
        cause,
        text,
        null);
  }

  private static Fault fatalFault(
      String name,
      UnaryOperator<QmpClientBuilder> config,
      String greeting,
      Load load,
      PeerScript script,
      Class<? extends Throwable> cause,
      String text) {
    return new Fault(name, Phase.FATAL, config, greeting, load, script, cause, text, null);
  }

  private static Fault toleratedFault(
      String name, UnaryOperator<QmpClientBuilder> config, PeerScript script, Check check) {
    return new Fault(
        name,
        Phase.TOLERATED,
        config,
        ScriptedPeer.GREETING_PLAIN,
        Load.TYPICAL,
        script,
        Throwable.class,
        "",
        check);
  }

  static List<Fault> faults() {
    UnaryOperator<QmpClientBuilder> same = b -> b;
    String deep = "[".repeat(1100) + "]".repeat(1100);
    return List.of(
        // --- the peer closes
        connectFault(
            "closes before the greeting",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.dropConnection();
            },
            EOFException.class,
            "closed the connection"),
        connectFault(
            "closes mid-greeting",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.send("{\"QMP\": {\"version\": {\"qemu\": {\"mic");
              peer.dropConnection();
            },
            EOFException.class,
            "ended inside a message"),
        connectFault(
            "closes during negotiation",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.sendLine(ScriptedPeer.GREETING_OOB);
              assertEquals("qmp_capabilities", peer.takeRequest().get("execute").asString());
              peer.dropConnection();
            },
            EOFException.class,
            "closed the connection"),
        fatalFault(
            "closes mid-reply",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> {
              calls.takeAsync(3);
              peer.send("{\"return\": {\"status\": \"run");
              peer.dropConnection();
            },
            EOFException.class,
            "ended inside a message"),
        fatalFault(
            "closes with 100 commands pending on the wire",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.HUNDRED,
            (peer, calls) -> {
              calls.takeAsync(99);
              peer.dropConnection();
            },
            EOFException.class,
            "closed the connection"),
        fatalFault(
            "closes with 100 commands pending, 92 behind the OOB window",
            same,
            ScriptedPeer.GREETING_OOB,
            Load.HUNDRED,
            (peer, calls) -> {
              calls.takeAsync(CallRegistry.IN_BAND_LIMIT - 1);
              assertFalse(peer.requestArrivesWithin(Duration.ofMillis(50)), "a 9th in-band");
              peer.dropConnection();
            },
            EOFException.class,
            "closed the connection"),
        fatalFault(
            "closes while a listener is blocked in take",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.NONE,
            (peer, calls) -> peer.dropConnection(),
            EOFException.class,
            "closed the connection"),
        // --- the peer sends something wrong while connecting
        connectFault(
            "sends garbage before the greeting",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.send("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
            },
            FramingException.class,
            "Malformed JSON from the peer: unexpected byte 0x53"),
        connectFault(
            "sends a non-object JSON value instead of the greeting",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.sendLine("[\"QMP\", 7, 2]");
            },
            FramingException.class,
            "Expected a JSON object from the peer, found an array"),
        connectFault(
            "sends a malformed greeting",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.sendLine("{\"QMP\": {\"version\": {\"qemu\": {\"major\": \"seven\"}}}}");
            },
            GreetingException.class,
            "'QMP.version.qemu.major' is not an integer"),
        connectFault(
            "sends nothing at all: the greeting never comes",
            b -> b.greetingTimeout(SHORT),
            (peer, calls) -> peer.accept(),
            ProtocolTimeoutException.class,
            "Timed out after 300 ms waiting for the QMP greeting"),
        connectFault(
            "sends the greeting one byte per 50 ms",
            b -> b.greetingTimeout(SHORT),
            (peer, calls) -> {
              peer.accept();
              peer.dribble(ScriptedPeer.GREETING_PLAIN + "\r\n", DRIBBLE);
            },
            ProtocolTimeoutException.class,
            "Timed out after 300 ms waiting for the QMP greeting"),
        connectFault(
            "never answers qmp_capabilities",
            b -> b.negotiationTimeout(SHORT),
            (peer, calls) -> {
              peer.accept();
              peer.sendLine(ScriptedPeer.GREETING_PLAIN);
              peer.takeRequest();
            },
            ProtocolTimeoutException.class,
            "Timed out after 300 ms waiting for the reply to qmp_capabilities"),
        connectFault(
            "refuses qmp_capabilities",
            same,
            (peer, calls) -> {
              peer.accept();
              peer.sendLine(ScriptedPeer.GREETING_PLAIN);
              peer.takeRequest();
              peer.sendLine("{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}}");
            },
            NegotiationException.class,
            "the server refused qmp_capabilities"),
        // --- the peer sends something wrong in a running session
        fatalFault(
            "sends garbage",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> peer.send("this is not json\n"),
            FramingException.class,
            "Malformed JSON from the peer: unexpected byte 0x74"),
        fatalFault(
            "sends a non-object JSON value",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> peer.sendLine("[{\"return\": {}}]"),
            FramingException.class,
            "Expected a JSON object from the peer, found an array"),
        fatalFault(
            "sends an error without an id while commands are pending",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) ->
                peer.sendLine(
                    "{\"error\": {\"class\": \"GenericError\","
                        + " \"desc\": \"JSON parse error, invalid keyword 'x'\"}}"),
            ServerParseException.class,
            "error without an id"),
        fatalFault(
            "sends a reply larger than the cap",
            b -> b.maxMessageSize(SMALL_CAP),
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> {
              try {
                peer.sendLine("{\"return\": \"" + "x".repeat(4 * SMALL_CAP) + "\", \"id\": 1}");
              } catch (IOException expected) {
                // the client stops reading past the cap and closes: the write may break
              }
            },
            MessageTooLargeException.class,
            "exceeds the maximum size of 65536 bytes"),
        fatalFault(
            "sends nesting deeper than 1024",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> peer.sendLine("{\"return\": " + deep + ", \"id\": 1}"),
            FramingException.class,
            "nests deeper than 1024"),
        fatalFault(
            "sends invalid UTF-8",
            same,
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> {
              byte[] head = "{\"return\": \"caf".getBytes(StandardCharsets.UTF_8);
              byte[] tail =
                  ("\", \"id\": " + calls.syncId() + "}\n").getBytes(StandardCharsets.UTF_8);
              byte[] all = new byte[head.length + 2 + tail.length];
              System.arraycopy(head, 0, all, 0, head.length);
              all[head.length] = (byte) 0xc3; // starts a two-byte sequence ...
              all[head.length + 1] = (byte) 0x28; // ... that this byte does not continue
              System.arraycopy(tail, 0, all, head.length + 2, tail.length);
              peer.sendBytes(all);
            },
            FramingException.class,
            "Invalid UTF-8"),
        fatalFault(
            "sends a never-ending string",
            b -> b.maxMessageSize(SMALL_CAP),
            ScriptedPeer.GREETING_PLAIN,
            Load.TYPICAL,
            (peer, calls) -> peer.sendEndlessly("{\"return\": \"", (byte) 'x'),
            MessageTooLargeException.class,
            "exceeds the maximum size of 65536 bytes"),
        // --- faults the session survives
        toleratedFault(
            "sends a reply with neither return nor error",
            same,
            (peer, calls) -> {
              peer.sendLine("{\"status\": \"running\", \"id\": " + calls.syncId() + "}");
              for (JsonNode r : calls.takeAsync(3)) {
                peer.reply(r, "{}");
              }
            },
            (calls, log) -> {
              MalformedReplyException e =
                  assertInstanceOf(MalformedReplyException.class, failureOf(calls.sync));
              assertContains(e.getMessage(), "has neither 'return' nor 'error'");
              for (CompletableFuture<JsonNode> f : calls.async) {
                assertTrue(await(f).isEmpty());
              }
            }),
        toleratedFault(
            "sends a reply with an unknown id",
            same,
            (peer, calls) -> {
              peer.sendLine("{\"return\": {\"stray\": true}, \"id\": \"no-such-id\"}");
              peer.reply(calls.syncRequest, "1");
              for (JsonNode r : calls.takeAsync(3)) {
                peer.reply(r, "2");
              }
            },
            (calls, log) -> {
              assertEquals(1, await(calls.sync).asInt());
              for (CompletableFuture<JsonNode> f : calls.async) {
                assertEquals(2, await(f).asInt());
              }
              awaitLog(
                  log,
                  "WARN io.github.qmp4j.protocol - Dropping a reply with unknown id \"no-such-id\"");
            }),
        toleratedFault(
            "sends a duplicate reply",
            same,
            (peer, calls) -> {
              peer.reply(calls.syncRequest, "1");
              peer.reply(calls.syncRequest, "666");
              for (JsonNode r : calls.takeAsync(3)) {
                peer.reply(r, "2");
              }
            },
            (calls, log) -> {
              assertEquals(1, await(calls.sync).asInt());
              for (CompletableFuture<JsonNode> f : calls.async) {
                assertEquals(2, await(f).asInt());
              }
              awaitLog(log, "Dropping a reply with unknown id " + calls.syncId());
            }),
        toleratedFault(
            "sends a reply one byte per 50 ms",
            b -> b.commandTimeout(SHORT),
            (peer, calls) -> {
              calls.takeAsync(3);
              peer.dribble(
                  "{\"return\": \"" + "z".repeat(400) + "\", \"id\": " + calls.syncId() + "}\n",
                  DRIBBLE);
            },
            (calls, log) -> {
              for (CompletableFuture<JsonNode> f : calls.all()) {
                CommandTimeoutException e =
                    assertInstanceOf(CommandTimeoutException.class, failureWithin(f, SHORT));
                assertContains(e.getMessage(), "Timed out after 300 ms waiting for the reply");
              }
            }));
  }

  static Stream<Arguments> matrix() {
    return faults().stream()
        .flatMap(f -> Stream.of(Transport.values()).map(t -> Arguments.of(f, t)));
  }

  // ------------------------------------------------------------------------------ the driver

  /** Loads every class and opens every jar a case uses, so that descriptors can be counted. */
  @BeforeAll
  static void warmUp() throws Exception {
    for (Transport t : Transport.values()) {
      try (ScriptedPeer peer = t.open()) {
        QmpClient client = baseBuilder().build();
        reconnectAndUse(client, peer, client.listen());
        client.close();
      }
    }
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("matrix")
  void theClientSurvivesThePeer(Fault fault, Transport transport) throws Exception {
    Leaks leaks = Leaks.snapshot();
    ScriptedPeer peer = transport.open();
    QmpClient client = fault.config().apply(baseBuilder()).build();
    try {
      EventListener listener = client.listen();
      switch (fault.phase()) {
        case CONNECT -> connectFault(fault, client, peer, listener);
        case FATAL, TOLERATED -> sessionFault(fault, client, peer, listener);
      }
      // (5) back to IDLE, and a healthy peer is served again, listener included
      assertEquals(Runstate.IDLE, client.runstate());
      client.disconnect(); // the error was reported once; now it is quiet
      reconnectAndUse(client, peer, listener);
    } finally {
      client.close();
      peer.close();
    }
    // (6) nothing left behind
    leaks.assertNoNewThreads();
    leaks.assertNoNewDescriptors();
  }

  private static void connectFault(
      Fault fault, QmpClient client, ScriptedPeer peer, EventListener listener) throws Exception {
    CompletableFuture<Throwable> listenerEnd = takeUntilTheEnd(listener, new ArrayList<>());
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    assertThrows(DisconnectedException.class, () -> client.executeAsync("too-early"));
    fault.script().play(peer, null);

    // (1) + (2): a ConnectException naming the cause, in time
    ConnectException ce = assertInstanceOf(ConnectException.class, failureOf(connecting));
    assertInstanceOf(fault.cause(), ce.getCause(), ce::toString);
    assertContains(ce.getMessage(), fault.causeText());
    assertEquals(Runstate.IDLE, client.runstate(), "a failed attempt rolls back at once");
    // (4) a listener waiting for the session's events learns there will be none
    assertInstanceOf(DisconnectedException.class, listenerEnd.get(20, TimeUnit.SECONDS));
  }

  private static void sessionFault(
      Fault fault, QmpClient client, ScriptedPeer peer, EventListener listener) throws Exception {
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.handshake(fault.greeting());
    await(connecting);
    List<QmpEvent> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Throwable> listenerEnd = takeUntilTheEnd(listener, seen);
    peer.event("BEFORE", "{}");
    Eventually.waitFor(
        "the listener to take an event", Duration.ofSeconds(10), () -> !seen.isEmpty());

    Calls calls;
    if (fault.load() == Load.NONE) {
      calls = new Calls(peer, null, null);
    } else {
      CompletableFuture<JsonNode> sync = executeOnAThread(client, "sync-cmd");
      JsonNode warmUp = peer.takeRequest();
      assertEquals("warm-up", warmUp.get("execute").asString());
      peer.reply(warmUp, "{}");
      calls = new Calls(peer, peer.takeRequest(), sync);
      for (int i = 0; i < fault.load().async; i++) {
        calls.async.add(client.executeAsync("cmd-" + i));
      }
    }
    try (LogCapture log = LogCapture.start()) {
      fault.script().play(peer, calls);
      if (fault.phase() == Phase.TOLERATED) {
        // (1) + (2) + (3): the case's own outcome
        fault.check().check(calls, log);
        assertEquals(Runstate.RUNNING, client.runstate(), "the session goes on");
        assertFalse(listenerEnd.isDone(), "the listener goes on");
        client.disconnect(); // an orderly end: nothing to throw
        assertNull(listenerEnd.get(20, TimeUnit.SECONDS).getCause(), "(4) an orderly end");
        return;
      }
    }
    // (1) + (2) + (3): every pending call fails, naming the cause, in time
    for (CompletableFuture<JsonNode> call : calls.all()) {
      DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(call));
      assertInstanceOf(fault.cause(), de.getCause(), de::toString);
      assertContains(de.getMessage(), fault.causeText());
    }
    // (4) the listener ends, with the same cause, after the events it had
    DisconnectedException end =
        assertInstanceOf(DisconnectedException.class, listenerEnd.get(20, TimeUnit.SECONDS));
    assertInstanceOf(fault.cause(), end.getCause(), end::toString);
    assertEquals("BEFORE", seen.get(0).name());
    assertFalse(listener.iterator().hasNext(), "iteration ends too");
    // the session's error is reported once by disconnect(), which returns to IDLE
    SessionException se = assertThrows(SessionException.class, client::disconnect);
    assertInstanceOf(fault.cause(), se.getCause(), se::toString);
    assertContains(se.getMessage(), fault.causeText());
  }

  /** Connects to the peer again, runs a command and receives an event. */
  private static void reconnectAndUse(QmpClient client, ScriptedPeer peer, EventListener listener)
      throws Exception {
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.handshake(ScriptedPeer.GREETING_PLAIN);
    await(connecting);
    CompletableFuture<JsonNode> status = client.executeAsync("query-status");
    peer.reply(peer.takeRequest(), "{\"status\": \"running\"}");
    assertEquals("running", await(status).get("status").asString());
    peer.event("AFTER", "{}");
    QmpEvent after = listener.poll(Duration.ofSeconds(10));
    assertEquals("AFTER", after == null ? null : after.name());
    client.disconnect();
    assertEquals(Runstate.IDLE, client.runstate());
  }

  /** Takes events on a thread of its own until take() throws; completes with what it threw. */
  private static CompletableFuture<Throwable> takeUntilTheEnd(
      EventListener listener, List<QmpEvent> seen) {
    CompletableFuture<Throwable> end = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  seen.add(listener.take());
                }
              } catch (Throwable e) {
                end.complete(e);
              }
            },
            "blocked-in-take");
    t.setDaemon(true);
    t.start();
    return end;
  }

  /**
   * Runs two blocking executes back to back on a thread of its own: "warm-up", then {@code
   * command}. A caller that comes back within the engine's read hand-off grace reads its own reply
   * from the socket, so the second usually takes that path, and the fault strikes a caller that is
   * reading.
   */
  private static CompletableFuture<JsonNode> executeOnAThread(QmpClient client, String command) {
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                client.execute("warm-up");
                result.complete(client.execute(command));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "blocking-caller");
    t.setDaemon(true);
    t.start();
    return result;
  }

  /** The failure of a future that must fail within the timeout plus a generous margin. */
  private static Throwable failureWithin(CompletableFuture<?> future, Duration timeout)
      throws InterruptedException {
    try {
      future.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no outcome within " + timeout + " and a 5 s margin", e);
    }
    throw new AssertionError("expected a failure, got success");
  }

  /** Waits for a line to be logged: the reader thread may log it after the calls completed. */
  private static void awaitLog(LogCapture log, String part) throws InterruptedException {
    try {
      Eventually.waitFor(
          "'" + part + "' to be logged", Duration.ofSeconds(10), () -> log.text().contains(part));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; logged: " + log.text(), e);
    }
  }

  private static void assertContains(String text, String part) {
    assertTrue(text != null && text.contains(part), () -> "'" + part + "' not in: " + text);
  }
}
