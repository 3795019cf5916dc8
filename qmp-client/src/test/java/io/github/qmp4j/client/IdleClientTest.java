package io.github.qmp4j.client;

import static io.github.qmp4j.client.Clients.await;
import static io.github.qmp4j.client.Clients.connectAsync;
import static io.github.qmp4j.client.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A client that is back to {@code IDLE} holds no thread, even if nobody ever calls {@code close()}:
 * a VM manager that connects, disconnects and drops one client per VM for months must not collect a
 * thread per client. The timer thread all clients share ends once nothing is scheduled. (The matrix
 * checks the same after {@code close()}.)
 */
class IdleClientTest {
  /** Opens what the JVM opens once and keeps (jars, random sources), before counting. */
  @BeforeAll
  static void warmUp() throws Exception {
    try (ScriptedPeer peer = ScriptedPeer.start()) {
      QmpClient client = Clients.fast().build();
      CompletableFuture<Void> connecting = connectAsync(client, peer.address());
      peer.handshake(ScriptedPeer.GREETING_PLAIN);
      await(connecting);
      EventListener events = client.listen();
      CompletableFuture<JsonNode> async = client.executeAsync("query-status");
      peer.reply(peer.takeRequest(), "{}");
      await(async);
      peer.dropConnection();
      assertThrows(DisconnectedException.class, events::take);
      client.close();
    }
  }

  /** The shared timer thread ends about a second after its last task. */
  private static void awaitNoTimerThread() throws InterruptedException {
    Eventually.waitFor(
        "the shared timer thread to end",
        Duration.ofSeconds(5),
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("qmp4j-timer")));
  }

  @Test
  void anOrderlyDisconnectLeavesNoThreadWithoutClose() throws Exception {
    awaitNoTimerThread(); // so that the snapshot cannot contain it
    Leaks leaks = Leaks.snapshot();
    try (ScriptedPeer peer = ScriptedPeer.start()) {
      QmpClient client = Clients.fast().build();
      CompletableFuture<Void> connecting = connectAsync(client, peer.address());
      peer.handshake(ScriptedPeer.GREETING_PLAIN);
      await(connecting);
      CompletableFuture<JsonNode> async =
          client.executeAsync("query-status"); // schedules a deadline sweep
      peer.reply(peer.takeRequest(), "{}");
      assertTrue(await(async).isEmpty());
      client.disconnect();
      assertEquals(Runstate.IDLE, client.runstate());
    }
    leaks.assertNoNewThreads();
    leaks.assertNoNewDescriptors();
    awaitNoTimerThread(); // the sweep the call scheduled was cancelled; the timer thread ends
  }

  @Test
  void aSessionEndedByThePeerLeavesNoThreadWithoutClose() throws Exception {
    awaitNoTimerThread(); // so that the snapshot cannot contain it
    Leaks leaks = Leaks.snapshot();
    try (ScriptedPeer peer = ScriptedPeer.start()) {
      QmpClient client = Clients.fast().build();
      EventListener events = client.listen();
      CompletableFuture<Void> connecting = connectAsync(client, peer.address());
      peer.handshake(ScriptedPeer.GREETING_PLAIN);
      await(connecting);
      EventSubscription subscription = client.subscribe(EventFilter.all(), e -> {});
      peer.event("STOP", "{}"); // starts the subscription's dispatch thread
      assertEquals("STOP", events.take().name());
      CompletableFuture<JsonNode> pending = client.executeAsync("query-status");
      peer.takeRequest();
      peer.dropConnection();
      assertInstanceOf(DisconnectedException.class, failureOf(pending));
      assertThrows(SessionException.class, client::disconnect);
      assertThrows(DisconnectedException.class, events::take);
      assertTrue(!subscription.isClosed(), "subscriptions end with the session, not close");
    }
    leaks.assertNoNewThreads();
    leaks.assertNoNewDescriptors();
    awaitNoTimerThread(); // the sweep the call scheduled was cancelled; the timer thread ends
  }

  @Test
  void aFailedConnectLeavesNoThreadWithoutClose() throws Exception {
    Leaks leaks = Leaks.snapshot();
    try (ScriptedPeer peer = ScriptedPeer.start()) {
      QmpClient client = Clients.fast().greetingTimeout(Duration.ofMillis(200)).build();
      CompletableFuture<Void> connecting = connectAsync(client, peer.address());
      peer.accept(); // and stays silent: the greeting's watchdog runs on the timer
      assertInstanceOf(ConnectException.class, failureOf(connecting));
      assertEquals(Runstate.IDLE, client.runstate());
    }
    leaks.assertNoNewThreads();
    leaks.assertNoNewDescriptors();
    awaitNoTimerThread(); // the sweep the call scheduled was cancelled; the timer thread ends
  }

  @Test
  void aClientThatGaveUpReconnectingLeavesNoThreadWithoutClose() throws Exception {
    Leaks leaks = Leaks.snapshot();
    QmpClient client;
    try (ScriptedPeer peer = ScriptedPeer.start()) {
      ReconnectPolicy twice =
          ReconnectPolicy.exponentialBackoff()
              .withInitialDelay(Duration.ofMillis(10))
              .withMaxAttempts(2);
      client = Clients.fast().reconnect(twice).build();
      CompletableFuture<Void> connecting = connectAsync(client, peer.address());
      peer.handshake(ScriptedPeer.GREETING_PLAIN);
      await(connecting);
      peer.dropConnection();
    } // the peer is gone: both attempts are refused
    // Reconnecting starts before the session leaves RUNNING, and is IDLE between attempts.
    Eventually.waitFor(
        "the client to give up",
        Duration.ofSeconds(10),
        () -> !client.isReconnecting() && client.runstate() == Runstate.IDLE);
    leaks.assertNoNewThreads();
    leaks.assertNoNewDescriptors();
    awaitNoTimerThread(); // the sweep the call scheduled was cancelled; the timer thread ends
  }
}
