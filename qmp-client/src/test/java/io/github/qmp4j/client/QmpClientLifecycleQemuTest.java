package io.github.qmp4j.client;

import static io.github.qmp4j.client.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.testing.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What happens to a client when QEMU stops, quits, dies, connects out, or greets oddly. */
class QmpClientLifecycleQemuTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aStoppedQemuTimesOutAndRecoversAfterSigcont() throws Exception {
    try (QemuProcess qemu = Qemu.start();
        QmpClient client =
            Qemu.connect(qemu, Qemu.builder().commandTimeout(Duration.ofMillis(500)))) {
      qemu.signal("STOP");
      try {
        CommandTimeoutException e =
            assertThrows(CommandTimeoutException.class, () -> client.execute("query-status"));
        assertEquals("query-status", e.command().command());
      } finally {
        qemu.signal("CONT");
      }
      JsonNode status = client.execute(QmpCommand.of("query-status").timeout(WAIT));
      assertEquals("running", status.get("status").asString());
      assertEquals(Runstate.RUNNING, client.runstate());
    }
  }

  @Test
  void quitGivesShutdownAndACleanEnd() throws Exception {
    try (QemuProcess qemu = Qemu.start();
        QmpClient client = Qemu.connect(qemu, Qemu.builder())) {
      EventListener events = client.listen();
      client.execute("quit");
      QmpEvent shutdown = events.poll(WAIT);
      assertNotNull(shutdown);
      assertEquals("SHUTDOWN", shutdown.name());
      Iterator<QmpEvent> rest = events.iterator();
      assertFalse(rest.hasNext(), "the listener's iteration ends with the session");
      assertTrue(qemu.awaitExit(WAIT));
      client.disconnect(); // nothing to rethrow: the end was expected
      assertEquals(Runstate.IDLE, client.runstate());
    }
  }

  @Test
  void killingQemuFailsPendingCallsAndEndsListeners() throws Exception {
    try (QemuProcess qemu = Qemu.start();
        QmpClient client = Qemu.connect(qemu, Qemu.builder())) {
      EventListener events = client.listen();
      qemu.signal("STOP");
      CompletableFuture<JsonNode> pending = client.executeAsync("query-status");
      qemu.signal("KILL");
      DisconnectedException e = assertInstanceOf(DisconnectedException.class, failureOf(pending));
      assertNotNull(e.getCause(), "names the cause");
      assertFalse(events.iterator().hasNext());
      assertThrows(DisconnectedException.class, () -> client.execute("query-status"));
      assertThrows(SessionException.class, client::disconnect);
    }
  }

  @Test
  void aChardevMonitorWithPrettyOutputNegotiatesOobAndParses() throws Exception {
    Path dir = QemuProcess.newTempDir();
    Path sock = dir.resolve("mon.sock");
    try (QemuProcess qemu =
        QemuProcess.start(
            dir,
            List.of(
                "-machine",
                "none",
                "-chardev",
                "socket,id=mon0,path=" + sock + ",server=on,wait=off",
                "-mon",
                "chardev=mon0,mode=control,pretty=on"))) {
      qemu.awaitFile(sock, WAIT);
      try (QmpClient client = Qemu.builder().build()) {
        Qemu.connect(client, "unix:" + sock);
        assertTrue(client.isOobEnabled(), "QEMU 7.2 offers oob on a -mon chardev");
        assertEquals("running", client.execute("query-status").get("status").asString());
        assertTrue(client.execute("query-qmp-schema").size() > 100);
      }
    }
  }

  @Test
  void serverModeAcceptsAQemuThatConnectsOut() throws Exception {
    Path dir = QemuProcess.newTempDir();
    Path sock = dir.resolve("listen.sock");
    try (QmpClient client = Qemu.builder().build()) {
      client.startServer("unix:" + sock);
      try (QemuProcess qemu =
          QemuProcess.start(dir, List.of("-machine", "none", "-qmp", "unix:" + sock))) {
        client.accept(WAIT);
        assertEquals(7, client.greeting().orElseThrow().version().major());
        assertEquals("running", client.execute("query-status").get("status").asString());
        client.execute("quit");
        assertTrue(qemu.awaitExit(WAIT));
      }
    } finally {
      Files.deleteIfExists(sock);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * A QMP monitor alone on a {@code mux=on} chardev: QEMU 7.2 sends RESUME before the greeting to a
   * client that connects during start-up. (With a serial port on the same mux, input goes to the
   * serial port until the user switches focus, so no client can negotiate there.)
   */
  @Test
  void aMuxChardevConnectedDuringStartUpNeverFailsTheGreeting() throws Exception {
    int resumedEarly = 0;
    for (int round = 0; round < 4; round++) {
      Path dir = QemuProcess.newTempDir();
      Path sock = dir.resolve("mux.sock");
      try (QemuProcess qemu =
              QemuProcess.start(
                  dir,
                  List.of(
                      "-M",
                      "q35",
                      "-accel",
                      "tcg",
                      "-m",
                      "64",
                      "-chardev",
                      "socket,id=c0,path=" + sock + ",server=on,wait=off,mux=on",
                      "-mon",
                      "chardev=c0,mode=control"));
          QmpClient client = Qemu.builder().build()) {
        EventListener events = client.listen("RESUME");
        qemu.awaitFile(sock, WAIT);
        Qemu.connect(
            client, "unix:" + sock); // must not fail with "did not understand the greeting"
        assertEquals(7, client.greeting().orElseThrow().version().major());
        assertEquals("running", client.execute("query-status").get("status").asString());
        if (events.poll(Duration.ofMillis(200)) != null) {
          resumedEarly++;
        }
      }
    }
    assertTrue(resumedEarly > 0, "a RESUME before the greeting reached the listener");
  }
}
