package io.github.qmp4j.client;

import static io.github.qmp4j.client.Clients.await;
import static io.github.qmp4j.client.Clients.connectAsync;
import static io.github.qmp4j.client.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.io.FileDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Faults QEMU cannot produce on demand, against a scripted peer on a real TCP socket. */
class QmpClientFaultTest {
  private ScriptedPeer peer;
  private QmpClient client;

  @BeforeEach
  void startPeer() throws Exception {
    peer = ScriptedPeer.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    peer.close();
  }

  private QmpClient connected(QmpClientBuilder builder, String greeting) throws Exception {
    client = builder.build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.handshake(greeting);
    await(connecting);
    return client;
  }

  private QmpClient connected() throws Exception {
    return connected(Clients.fast(), ScriptedPeer.GREETING_PLAIN);
  }

  @Test
  void anEventBeforeTheGreetingIsDeliveredAndTheGreetingStillAccepted() throws Exception {
    client = Clients.fast().build();
    EventListener events = client.listen("RESUME");
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.accept();
    peer.event("RESUME", "{}");
    peer.sendLine(ScriptedPeer.GREETING_OOB);
    JsonNode negotiation = peer.takeRequest();
    peer.sendLine("{\"return\": {}}");
    await(connecting);

    assertEquals("qmp_capabilities", negotiation.get("execute").asString());
    assertEquals("oob", negotiation.at("/arguments/enable/0").asString());
    QmpEvent resume = events.poll(Duration.ofSeconds(5));
    assertEquals("RESUME", resume.name());
    assertEquals(java.time.Instant.ofEpochSecond(1_700_000_000L, 250_000), resume.timestamp());
    assertEquals(7, client.greeting().orElseThrow().version().major());
    assertTrue(client.isOobEnabled());
  }

  @Test
  void oobIsNotRequestedWhenTurnedOff() throws Exception {
    client = Clients.fast().enableOob(false).build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    JsonNode negotiation = peer.handshake(ScriptedPeer.GREETING_OOB);
    await(connecting);
    assertFalse(negotiation.has("arguments"));
    assertFalse(client.isOobEnabled());
    QmpException e = assertThrows(QmpException.class, () -> client.executeOob("x", null));
    assertTrue(e.getMessage().contains("oob"), e.getMessage());
    assertFalse(peer.requestArrivesWithin(Duration.ofMillis(200)), "nothing may be sent");
  }

  @Test
  void aMalformedGreetingFailsTheConnectionWithATypedError() throws Exception {
    client = Clients.fast().build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.accept();
    peer.sendLine(
        "{\"QMP\": {\"version\": {\"qemu\": {\"major\": \"seven\"}}, \"capabilities\": []}}");
    Throwable failure = failureOf(connecting);
    ConnectException ce = assertInstanceOf(ConnectException.class, failure);
    GreetingException ge = assertInstanceOf(GreetingException.class, ce.getCause());
    assertTrue(ge.getMessage().contains("major"), ge.getMessage());
    assertEquals(Runstate.IDLE, client.runstate());
  }

  @Test
  void aSilentPeerTimesOutTheGreeting() throws Exception {
    client = Clients.fast().greetingTimeout(Duration.ofMillis(300)).build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.accept();
    ConnectException ce = assertInstanceOf(ConnectException.class, failureOf(connecting));
    ProtocolTimeoutException te = assertInstanceOf(ProtocolTimeoutException.class, ce.getCause());
    assertTrue(te.getMessage().contains("greeting"), te.getMessage());
    assertEquals(Runstate.IDLE, client.runstate());
  }

  @Test
  void aRefusedNegotiationIsATypedError() throws Exception {
    client = Clients.fast().build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.accept();
    peer.sendLine(ScriptedPeer.GREETING_PLAIN);
    peer.takeRequest();
    peer.sendLine("{\"error\": {\"class\": \"GenericError\", \"desc\": \"nope\"}}");
    ConnectException ce = assertInstanceOf(ConnectException.class, failureOf(connecting));
    NegotiationException ne = assertInstanceOf(NegotiationException.class, ce.getCause());
    QmpErrorResponseException err =
        assertInstanceOf(QmpErrorResponseException.class, ne.getCause());
    assertEquals("GenericError", err.errorClass());
  }

  @Test
  void withoutGreetingAndNegotiationTheFirstBytesAreTheCommand() throws Exception {
    client = Clients.fast().awaitGreeting(false).negotiate(false).build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.accept();
    await(connecting);
    CompletableFuture<JsonNode> ping = client.executeAsync("guest-ping");
    JsonNode request = peer.takeRequest();
    assertEquals("guest-ping", request.get("execute").asString());
    peer.reply(request, "{}");
    assertTrue(await(ping).isEmpty());
    assertTrue(client.greeting().isEmpty());
  }

  @Test
  void repliesOutOfOrderReachTheirCallers() throws Exception {
    connected();
    CompletableFuture<JsonNode> first = client.executeAsync("first");
    CompletableFuture<JsonNode> second = client.executeAsync("second");
    JsonNode r1 = peer.takeRequest();
    JsonNode r2 = peer.takeRequest();
    assertTrue(r1.get("id").isString());
    peer.event("SOMETHING", "{}");
    peer.reply(r2, "\"two\"");
    peer.reply(r1, "\"one\"");
    assertEquals("one", await(first).asString());
    assertEquals("two", await(second).asString());
  }

  @Test
  void aReplyWithAnUnknownIdIsDroppedWithoutDisturbingOthers() throws Exception {
    connected();
    CompletableFuture<JsonNode> call = client.executeAsync("query-status");
    JsonNode request = peer.takeRequest();
    peer.sendLine("{\"return\": {\"stray\": true}, \"id\": \"no-such-id\"}");
    peer.sendLine("{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}, \"id\": 12345}");
    peer.reply(request, "{\"status\": \"running\"}");
    assertEquals("running", await(call).get("status").asString());
    assertEquals(Runstate.RUNNING, client.runstate());
  }

  @Test
  void anErrorWithoutIdGoesToTheOneIdLessCall() throws Exception {
    connected();
    CompletableFuture<Message> raw =
        client.executeRawAsync(Message.parse("{\"execute\": \"nonsense\"}"));
    JsonNode request = peer.takeRequest();
    assertFalse(request.has("id"));
    peer.sendLine("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"no\"}}");
    Message reply = await(raw);
    assertEquals("CommandNotFound", reply.errorClass());
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          client.executeRawAsync(Message.parse("{\"execute\": \"a\"}"));
          client.executeRawAsync(Message.parse("{\"execute\": \"b\"}"));
        });
  }

  @Test
  void anErrorWithoutIdAndNoIdLessCallEndsTheSessionAsAServerParseError() throws Exception {
    connected();
    EventListener events = client.listen();
    CompletableFuture<JsonNode> call = client.executeAsync("query-status");
    peer.takeRequest();
    peer.sendLine("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, x\"}}");
    DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(call));
    assertInstanceOf(ServerParseException.class, de.getCause());
    assertThrows(DisconnectedException.class, events::take);
    SessionException se = assertThrows(SessionException.class, client::disconnect);
    assertInstanceOf(ServerParseException.class, se.getCause());
  }

  @Test
  void garbageEndsTheSessionAndFailsPendingCallsWithTheCause() throws Exception {
    connected();
    EventListener events = client.listen();
    CompletableFuture<JsonNode> call = client.executeAsync("query-status");
    peer.takeRequest();
    peer.send("this is not json\n");
    DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(call));
    assertInstanceOf(FramingException.class, de.getCause());
    assertFalse(events.iterator().hasNext(), "iteration ends with the session");
    assertThrows(DisconnectedException.class, () -> client.execute("query-status"));
  }

  @Test
  void anOversizedReplyEndsTheSessionWithTooLarge() throws Exception {
    connected(Clients.fast().maxMessageSize(64 * 1024), ScriptedPeer.GREETING_PLAIN);
    CompletableFuture<JsonNode> call = client.executeAsync("query-qmp-schema");
    JsonNode request = peer.takeRequest();
    try {
      peer.reply(request, "\"" + "x".repeat(200 * 1024) + "\"");
    } catch (java.io.IOException expected) {
      // the client stops reading past the limit and closes: the rest of the write may break
    }
    DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(call));
    assertInstanceOf(MessageTooLargeException.class, de.getCause());
  }

  @Test
  void aReplySpanningLinesAndLargerThan64KiBIsRead() throws Exception {
    connected();
    CompletableFuture<JsonNode> call = client.executeAsync("query-qmp-schema");
    JsonNode request = peer.takeRequest();
    String big = "x".repeat(300 * 1024);
    peer.send("{\r\n    \"return\": [\r\n        \"" + big + "\"\r\n    ],\r\n");
    peer.send("    \"id\": " + request.get("id") + "\r\n}\r\n");
    assertEquals(big.length(), await(call).get(0).asString().length());
  }

  @Test
  void aPeerClosingMidReplyFailsPendingCallsWithEndOfStream() throws Exception {
    connected();
    CompletableFuture<JsonNode> call = client.executeAsync("query-status");
    peer.takeRequest();
    peer.send("{\"return\": {\"status\": \"run");
    peer.dropConnection();
    DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(call));
    assertInstanceOf(EOFException.class, de.getCause());
  }

  @Test
  void aTimedOutCommandDropsItsLateReplyAndOthersGoOn() throws Exception {
    connected();
    CommandTimeoutException timeout =
        assertThrows(
            CommandTimeoutException.class,
            () -> client.execute(QmpCommand.of("slow").timeout(Duration.ofMillis(200))));
    assertEquals("slow", timeout.command().command());
    JsonNode slow = peer.takeRequest();
    CompletableFuture<JsonNode> next = client.executeAsync("fast");
    JsonNode fast = peer.takeRequest();
    peer.reply(slow, "\"late\"");
    peer.reply(fast, "\"ok\"");
    assertEquals("ok", await(next).asString());
    assertEquals(Runstate.RUNNING, client.runstate());
  }

  @Test
  void anAsyncCommandTimesOutToo() throws Exception {
    connected();
    CompletableFuture<JsonNode> call =
        client.executeAsync(QmpCommand.of("slow").timeout(Duration.ofMillis(200)));
    peer.takeRequest();
    assertInstanceOf(CommandTimeoutException.class, failureOf(call));
  }

  @Test
  void aStageThatBlocksOnATimedOutCallHoldsUpNoOtherTimeout() throws Exception {
    connected();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> blockedOn = new CompletableFuture<>();
    CompletableFuture<JsonNode> first =
        client.executeAsync(QmpCommand.of("first").timeout(Duration.ofMillis(50)));
    first.whenComplete(
        (r, e) -> {
          blockedOn.complete(Thread.currentThread().getName());
          try {
            release.await(); // a careless stage that blocks where it was run
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      assertTrue(blockedOn.get(10, TimeUnit.SECONDS).startsWith("qmp4j-"));
      CompletableFuture<JsonNode> second =
          client.executeAsync(QmpCommand.of("second").timeout(Duration.ofMillis(50)));
      assertInstanceOf(CommandTimeoutException.class, failureOf(second), "timed out all the same");
    } finally {
      release.countDown();
    }
  }

  @Test
  void asyncDeadlinesExpireEachInTimeWhateverTheirOrder() throws Exception {
    connected();
    // A long deadline first, so the registry's sweep is scheduled late; the short ones after it
    // must still expire on time, and the long one must survive the sweeps they cause.
    CompletableFuture<JsonNode> patient =
        client.executeAsync(QmpCommand.of("patient").timeout(Duration.ofSeconds(60)));
    List<CompletableFuture<JsonNode>> hasty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hasty.add(client.executeAsync(QmpCommand.of("hasty").timeout(Duration.ofMillis(50 + i))));
    }
    JsonNode patientRequest = peer.takeRequest();
    for (CompletableFuture<JsonNode> call : hasty) {
      CommandTimeoutException e = assertInstanceOf(CommandTimeoutException.class, failureOf(call));
      assertEquals("hasty", e.command().command());
    }
    assertFalse(patient.isDone(), "not yet due");
    peer.reply(patientRequest, "\"in time\"");
    assertEquals("in time", await(patient).asString());
  }

  @Test
  void aCancelledCommandDropsItsLateReply() throws Exception {
    connected();
    CompletableFuture<JsonNode> cancelled = client.executeAsync("one");
    JsonNode r1 = peer.takeRequest();
    assertTrue(cancelled.cancel(true));
    CompletableFuture<JsonNode> other = client.executeAsync("two");
    JsonNode r2 = peer.takeRequest();
    peer.reply(r1, "1");
    peer.reply(r2, "2");
    assertEquals(2, await(other).asInt());
  }

  @Test
  void withOobAtMostEightInBandCommandsAreOnTheWire() throws Exception {
    connected(Clients.fast(), ScriptedPeer.GREETING_OOB);
    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(client.executeAsync("cmd", Map.of("n", i)));
    }
    List<JsonNode> onWire = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      onWire.add(peer.takeRequest());
    }
    assertFalse(peer.requestArrivesWithin(Duration.ofMillis(300)), "a ninth in-band command");
    CompletableFuture<JsonNode> oob = client.executeAsync(QmpCommand.of("oob-cmd").oob());
    JsonNode oobRequest = peer.takeRequest();
    assertEquals("oob-cmd", oobRequest.get("exec-oob").asString());
    peer.reply(oobRequest, "\"oob\"");
    assertEquals("oob", await(oob).asString());

    peer.reply(onWire.get(0), "0");
    JsonNode ninth = peer.takeRequest();
    assertEquals(8, ninth.at("/arguments/n").asInt());
    peer.reply(ninth, "8");
    for (int i = 1; i < 8; i++) {
      peer.reply(onWire.get(i), Integer.toString(i));
    }
    for (int i = 9; i < 12; i++) {
      JsonNode r = peer.takeRequest();
      peer.reply(r, r.at("/arguments/n").toString());
    }
    for (int i = 0; i < 12; i++) {
      assertEquals(i, await(calls.get(i)).asInt());
    }
  }

  @Test
  void aCommandCancelledWhileQueuedIsNeverSent() throws Exception {
    connected(Clients.fast(), ScriptedPeer.GREETING_OOB);
    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      calls.add(client.executeAsync("cmd", Map.of("n", i)));
    }
    List<JsonNode> onWire = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      onWire.add(peer.takeRequest());
    }
    calls.get(8).cancel(true);
    CompletableFuture<JsonNode> tenth = client.executeAsync("cmd", Map.of("n", 9));
    peer.reply(onWire.get(0), "0");
    JsonNode sent = peer.takeRequest();
    assertEquals(9, sent.at("/arguments/n").asInt());
    peer.reply(sent, "9");
    assertEquals(9, await(tenth).asInt());
    assertTrue(calls.get(8).isCancelled());
  }

  @Test
  void quitSucceedsWhenTheCloseOvertakesItsReply() throws Exception {
    connected();
    EventListener events = client.listen();
    CompletableFuture<JsonNode> quit = client.executeAsync("quit");
    assertEquals("quit", peer.takeRequest().get("execute").asString());
    peer.event("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}");
    peer.dropConnection();
    assertTrue(await(quit).isEmpty());
    assertEquals("SHUTDOWN", events.take().name());
    assertFalse(events.iterator().hasNext());
    client.disconnect(); // a clean end: nothing to rethrow
    assertEquals(Runstate.IDLE, client.runstate());
  }

  @Test
  void descriptorsOnATransportWithoutFdPassingFailBeforeAnythingIsSent() throws Exception {
    connected();
    QmpException e =
        assertThrows(
            QmpException.class,
            () -> client.execute("getfd", Map.of("fdname", "x"), List.of(FileDescriptor.in)));
    assertTrue(e.getMessage().contains("descriptors"), e.getMessage());
    assertFalse(peer.requestArrivesWithin(Duration.ofMillis(200)));
  }

  @Test
  void anErrorReplyKeepsClassDescCommandAndReply() throws Exception {
    connected();
    CompletableFuture<JsonNode> call = client.executeAsync("device_del", Map.of("id", "nope"));
    JsonNode request = peer.takeRequest();
    peer.replyError(request, "DeviceNotFound", "Device 'nope' not found");
    QmpErrorResponseException e =
        assertInstanceOf(QmpErrorResponseException.class, failureOf(call));
    assertEquals("DeviceNotFound", e.errorClass());
    assertEquals("Device 'nope' not found", e.desc());
    assertEquals("device_del", e.command().command());
    assertEquals("nope", e.command().get("arguments").get("id").asString());
    assertEquals("DeviceNotFound", e.reply().errorClass());
  }

  @Test
  void reconnectReGreetsRenegotiatesAndKeepsListeners() throws Exception {
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff().withInitialDelay(Duration.ofMillis(10));
    connected(Clients.fast().reconnect(policy), ScriptedPeer.GREETING_PLAIN);
    EventListener events = client.listen("RESUME");
    CompletableFuture<JsonNode> pending = client.executeAsync("query-status");
    peer.takeRequest();
    peer.dropConnection();
    DisconnectedException de = assertInstanceOf(DisconnectedException.class, failureOf(pending));
    assertInstanceOf(EOFException.class, de.getCause());

    peer.handshake(ScriptedPeer.GREETING_OOB);
    client.awaitRunstate(Runstate.RUNNING, Duration.ofSeconds(10));
    assertTrue(client.isOobEnabled(), "negotiated again, with the new greeting");
    peer.event("RESUME", "{}");
    assertEquals("RESUME", events.poll(Duration.ofSeconds(5)).name());
    CompletableFuture<JsonNode> after = client.executeAsync("query-status");
    peer.reply(peer.takeRequest(), "{\"status\": \"running\"}");
    assertEquals("running", await(after).get("status").asString());
  }

  @Test
  void aSessionThatEndsAsSoonAsItIsReconnectedIsReconnectedAgain() throws Exception {
    // The peer drops each new session right after negotiating: the end may come while the
    // reconnector is still finishing its attempt, which once left the client without a session.
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff()
            .withInitialDelay(Duration.ofMillis(1))
            .withMaxDelay(Duration.ofMillis(2));
    connected(Clients.fast().reconnect(policy), ScriptedPeer.GREETING_PLAIN);
    EventListener events = client.listen("RESUME");
    for (int i = 0; i < 30; i++) {
      peer.dropConnection();
      peer.handshake(ScriptedPeer.GREETING_PLAIN);
    }
    client.awaitRunstate(Runstate.RUNNING, Duration.ofSeconds(10));
    peer.event("RESUME", "{}");
    assertEquals("RESUME", events.poll(Duration.ofSeconds(5)).name(), "the listener lives on");
    CompletableFuture<JsonNode> after = client.executeAsync("query-status");
    peer.reply(peer.takeRequest(), "{\"status\": \"running\"}");
    assertEquals("running", await(after).get("status").asString());
  }

  @Test
  void closeStopsReconnectingAndEndsListeners() throws Exception {
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff().withInitialDelay(Duration.ofSeconds(30));
    connected(Clients.fast().reconnect(policy), ScriptedPeer.GREETING_PLAIN);
    EventListener events = client.listen();
    peer.dropConnection();
    Eventually.waitFor("reconnecting", Duration.ofSeconds(5), client::isReconnecting);
    client.close();
    assertFalse(client.isReconnecting());
    assertThrows(DisconnectedException.class, events::take);
    assertEquals(Runstate.IDLE, client.runstate());
  }

  @Test
  void aReconnectStoppedByCloseDoesNotStopTheNextOne() throws Exception {
    ReconnectPolicy policy =
        ReconnectPolicy.exponentialBackoff().withInitialDelay(Duration.ofMillis(10));
    connected(Clients.fast().reconnect(policy), ScriptedPeer.GREETING_PLAIN);
    peer.dropConnection();
    peer.accept(); // the reconnect attempt, which now waits for a greeting that never comes
    client.close(); // stops that reconnect; the client may connect again
    assertFalse(client.isReconnecting());
    peer.dropConnection();

    CompletableFuture<Void> again = connectAsync(client, peer.address());
    peer.handshake(ScriptedPeer.GREETING_PLAIN);
    await(again);
    peer.dropConnection();
    peer.handshake(ScriptedPeer.GREETING_PLAIN); // reconnected, not given up because of the close
    client.awaitRunstate(Runstate.RUNNING, Duration.ofSeconds(10));
    CompletableFuture<JsonNode> after = client.executeAsync("query-status");
    peer.reply(peer.takeRequest(), "{\"status\": \"running\"}");
    assertEquals("running", await(after).get("status").asString());
  }

  @Test
  void concurrentCallersEachGetTheirOwnReply() throws Exception {
    connected();
    int n = 50;
    Map<Integer, CompletableFuture<JsonNode>> calls =
        new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      int base = t * 10;
      Thread thread =
          new Thread(
              () -> {
                for (int i = base; i < base + 10; i++) {
                  calls.put(i, client.executeAsync("echo", Map.of("n", i)));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Set<String> ids = new HashSet<>();
    List<JsonNode> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonNode r = peer.takeRequest();
      ids.add(r.get("id").asString());
      requests.add(r);
    }
    assertEquals(n, ids.size(), "ids are unique");
    for (int i = requests.size() - 1; i >= 0; i--) {
      peer.reply(requests.get(i), requests.get(i).at("/arguments/n").toString());
    }
    for (Map.Entry<Integer, CompletableFuture<JsonNode>> e : calls.entrySet()) {
      assertEquals(e.getKey().intValue(), await(e.getValue()).asInt());
    }
  }
}
