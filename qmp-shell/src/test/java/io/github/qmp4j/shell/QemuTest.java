package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.testing.QemuProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool against a real QEMU ({@code -machine none}, two QMP monitors, as QEMU serves one client
 * per monitor): exec, its exit codes, events, the piped shell, completion data from QEMU's own
 * schema, and a TLS monitor. Skipped without QEMU, failed under {@code QMP4J_REQUIRE_QEMU=1}.
 */
class QemuTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static QemuProcess qemu;
  private static String monitor = "";
  private static String second = "";

  @BeforeAll
  static void startQemu() throws Exception {
    QemuProcess.assumeAvailable();
    Path dir = QemuProcess.newTempDir();
    Path a = dir.resolve("a.sock");
    Path b = dir.resolve("b.sock");
    qemu =
        QemuProcess.start(
            dir,
            List.of(
                "-machine",
                "none",
                "-qmp",
                "unix:" + a + ",server=on,wait=off",
                "-qmp",
                "unix:" + b + ",server=on,wait=off"));
    qemu.awaitListening(a, WAIT);
    qemu.awaitListening(b, WAIT);
    monitor = "unix:" + a;
    second = "unix:" + b;
    awaitListening(monitor);
    awaitListening(second);
  }

  @AfterAll
  static void stopQemu() throws Exception {
    if (qemu != null) {
      qemu.close();
    }
  }

  /** QEMU creates the socket file a moment before it listens; wait until a client gets in. */
  private static void awaitListening(String address) throws InterruptedException {
    Eventually.waitFor(
        "QEMU to listen on " + address,
        WAIT,
        () -> {
          try (QmpClient c = QmpClient.builder().build()) {
            c.connect(address);
            return true;
          } catch (ConnectException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  @Test
  void execPrintsTheReturnValue() {
    Tool.Result r = Tool.run("exec", "-a", monitor, "query-status");
    assertEquals(0, r.code(), r.toString());
    JsonNode status = JSON.readTree(r.out());
    assertTrue(status.get("status").isString(), r.out());
    assertTrue(status.get("running").isBoolean(), r.out());
    assertEquals("", r.err());
    Tool.Result version = Tool.run("exec", "-a", monitor, "query-version");
    assertEquals(7, JSON.readTree(version.out()).get("qemu").get("major").intValue(), r.out());
  }

  @Test
  void execArgumentsReachQemu() {
    Tool.Result r = Tool.run("exec", "-a", monitor, "qom-list", "path=/machine");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("{\"name\":\"type\",\"type\":\"string\"}"), r.out());
    Tool.Result hmp =
        Tool.run("exec", "-a", monitor, "human-monitor-command", "command-line=info version");
    assertEquals(0, hmp.code(), hmp.toString());
    assertTrue(hmp.out().startsWith("\"7."), hmp.out());
  }

  @Test
  void qemuErrorsExitOneWithClassAndDesc() {
    Tool.Result missing = Tool.run("exec", "-a", monitor, "qom-list");
    assertEquals(1, missing.code(), missing.toString());
    assertEquals("GenericError: Parameter 'path' is missing\n", missing.err());
    Tool.Result unknown = Tool.run("exec", "-a", monitor, "no-such-command");
    assertEquals(1, unknown.code(), unknown.toString());
    assertEquals(
        "CommandNotFound: The command no-such-command has not been found\n", unknown.err());
  }

  @Test
  void qmpSocketPointsAtQemu() {
    Tool.Result r = Tool.run(Map.of("QMP_SOCKET", monitor.substring(5)), "", "exec", "query-name");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{}\n", r.out());
  }

  @Test
  void eventsFromQemu() throws Exception {
    CompletableFuture<Tool.Result> events =
        CompletableFuture.supplyAsync(
            () ->
                Tool.run(
                    "events", "-a", second, "--name", "RESET", "--count", "1", "--timeout", "30s"));
    // The events command listens from the moment it connects; reset until it has seen one.
    Eventually.waitFor(
        "the events command to print a RESET",
        WAIT,
        () -> {
          Tool.Result reset = Tool.run("exec", "-a", monitor, "system_reset");
          assertEquals(0, reset.code(), reset.toString());
          return events.isDone();
        });
    Tool.Result r = events.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.toString());
    JsonNode event = JSON.readTree(r.out());
    assertEquals("RESET", event.get("event").stringValue());
    assertEquals("host-qmp-system-reset", event.get("data").get("reason").stringValue());
    assertTrue(event.get("timestamp").get("seconds").longValue() > 0);
  }

  @Test
  void thePipedShellAgainstQemu() {
    Tool.Result r =
        Tool.run(
            Map.of(),
            """
            query-status
            transaction(
            )
            qom-list path=/machine path=/
            """,
            "shell",
            "-a",
            monitor);
    assertEquals(0, r.code(), r.toString());
    List<JsonNode> replies = r.out().lines().map(JSON::readTree).toList();
    assertEquals(2, replies.size(), r.out());
    assertTrue(replies.get(0).get("return").has("status"), r.out());
    assertEquals("{\"return\":{}}", replies.get(1).toString(), "an empty transaction");
    assertTrue(r.err().contains("Cannot set \"path\" multiple times"), r.err());
  }

  @Test
  void completionFromQemusOwnSchema() throws Exception {
    try (QmpClient client = QmpClient.builder().build()) {
      client.connect(monitor);
      CompletionData data = new CompletionData();
      CompletionLoader.loadQmp(client, data, WAIT);
      assertTrue(data.commands().contains("blockdev-add"), data.commands().toString());
      QmpCompleter completer = new QmpCompleter(data, () -> false);
      List<String> top =
          completer.candidates(List.of("blockdev-add"), "").stream()
              .map(org.jline.reader.Candidate::value)
              .toList();
      assertTrue(
          top.containsAll(List.of("driver=", "node-name=", "cache.", "filename=")),
          "blockdev-add's members and its variants': " + top);
      List<String> cache =
          completer.candidates(List.of("blockdev-add"), "cache.").stream()
              .map(org.jline.reader.Candidate::value)
              .toList();
      assertTrue(cache.containsAll(List.of("cache.direct=", "cache.no-flush=")), cache.toString());
    }
  }

  @Test
  void aTlsMonitorWithClientCertificates() throws Exception {
    TestPki pki = TestPki.shared();
    Path dir = QemuProcess.newTempDir();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (QemuProcess tls =
        QemuProcess.start(
            dir,
            List.of(
                "-machine",
                "none",
                "-object",
                "tls-creds-x509,id=tls0,dir=" + pki.dir + ",endpoint=server,verify-peer=on",
                "-chardev",
                "socket,id=mon0,host=127.0.0.1,port=" + port + ",server=on,wait=off,tls-creds=tls0",
                "-mon",
                "chardev=mon0,mode=control"))) {
      int p = port;
      Eventually.waitFor(
          "QEMU to listen on port " + port,
          WAIT,
          () -> {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), p)) {
              return true;
            } catch (java.io.IOException e) {
              if (!tls.process().isAlive()) {
                throw new AssertionError("QEMU exited: " + tls.output(), e);
              }
              return false;
            }
          });
      Tool.Result r =
          Tool.run(
              "exec",
              "-a",
              "tls:127.0.0.1:" + port,
              "--tls-ca",
              pki.ca().toString(),
              "--tls-cert",
              pki.clientCert().toString(),
              "--tls-key",
              pki.clientKey().toString(),
              "--timeout",
              "20s",
              "query-status");
      assertEquals(0, r.code(), r + "\nQEMU: " + tls.output());
      assertTrue(JSON.readTree(r.out()).has("status"), r.out());
    } finally {
      deleteIfLeft(dir); // QemuProcess.close() removes it, unless QEMU did not start
    }
  }

  private static void deleteIfLeft(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
