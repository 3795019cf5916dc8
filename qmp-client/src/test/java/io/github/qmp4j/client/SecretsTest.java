package io.github.qmp4j.client;

import static io.github.qmp4j.client.Clients.await;
import static io.github.qmp4j.client.Clients.connectAsync;
import static io.github.qmp4j.client.Clients.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.DisconnectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Secrets never reach a log line above DEBUG or an exception's message, whatever the client is
 * configured to do, and at DEBUG the traffic log masks them unless {@code redactSecrets(false)}.
 * Both clients here log at DEBUG (their loggers are enabled in the surefire configuration), so
 * every path that prints a message runs; each secret is a distinct string, to tell which leaked.
 */
class SecretsTest {
  private static final String SECRET_DATA = "s3cret-data-4711";
  private static final String PASSWORD = "s3cret-password-4712";
  private static final String HMP_PASSWORD = "s3cret-hmp-4713";
  private static final String NESTED_PASSWORD = "s3cret-nested-4714";
  private static final String REPLY_PASSWORD = "s3cret-reply-4715";
  private static final String ARGS_PASSWORD = "s3cret-args-4716";
  private static final List<String> SECRETS =
      List.of(SECRET_DATA, PASSWORD, HMP_PASSWORD, NESTED_PASSWORD, REPLY_PASSWORD, ARGS_PASSWORD);

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

  @Test
  void withTheDefaultsNoSecretIsLoggedOrThrownAnywhere() throws Exception {
    String log;
    List<Throwable> thrown;
    try (LogCapture capture = LogCapture.start()) {
      thrown = runEverySecretPath("secrets-redacted", true);
      log = capture.text();
    }
    assertTrue(log.contains("DEBUG io.github.qmp4j.protocol.secrets-redacted - --> "), log);
    assertTrue(log.contains(Redactor.MASK), "the DEBUG traffic shows where secrets were: " + log);
    assertNoSecretIn("the log", log);
    assertNoSecretInAny(thrown);
  }

  @Test
  void askedNotToRedactOnlyTheDebugTrafficShowsSecrets() throws Exception {
    String log;
    List<Throwable> thrown;
    try (LogCapture capture = LogCapture.start()) {
      thrown = runEverySecretPath("secrets-shown", false);
      log = capture.text();
    }
    List<String> debug = new ArrayList<>();
    StringBuilder aboveDebug = new StringBuilder();
    for (String line : log.split("\n", -1)) {
      if (line.contains(" DEBUG ")) {
        debug.add(line);
      } else {
        aboveDebug.append(line).append('\n');
      }
    }
    assertTrue(
        debug.stream().anyMatch(l -> l.contains("--> ") && l.contains(PASSWORD)),
        "redactSecrets(false) shows the real traffic at DEBUG: " + debug);
    assertNoSecretIn("log lines above DEBUG", aboveDebug.toString());
    assertNoSecretInAny(thrown);
  }

  @Test
  void aCommandsToStringMasksItsSecrets() {
    QmpCommand set = QmpCommand.of("set_password").argument("protocol", "vnc");
    set = set.argument("password", PASSWORD);
    String shown = set.toString();
    assertFalse(shown.contains(PASSWORD), shown);
    assertTrue(shown.contains("vnc") && shown.contains(Redactor.MASK), shown);
    QmpCommand secret =
        QmpCommand.of("object-add")
            .arguments(Map.of("qom-type", "secret", "id", "sec0", "data", SECRET_DATA));
    assertFalse(secret.toString().contains(SECRET_DATA), secret.toString());
    assertEquals("QmpCommand[query-status, args=none]", QmpCommand.of("query-status").toString());
  }

  /**
   * Sends every kind of secret, and takes every path that shows a message: DEBUG traffic both ways,
   * error replies, a timeout, a malformed reply, a stray reply, a failed conversion of arguments,
   * and pending calls failed by the end of the session.
   */
  private List<Throwable> runEverySecretPath(String name, boolean redact) throws Exception {
    client =
        QmpClient.builder()
            .name(name)
            .redactSecrets(redact)
            .connectTimeout(Duration.ofSeconds(10))
            .commandTimeout(Duration.ofSeconds(10))
            .build();
    CompletableFuture<Void> connecting = connectAsync(client, peer.address());
    peer.handshake(ScriptedPeer.GREETING_PLAIN);
    await(connecting);
    List<Throwable> thrown = new ArrayList<>();

    // error replies to commands that carry secrets
    CompletableFuture<JsonNode> secretObject =
        client.executeAsync(
            "object-add", Map.of("qom-type", "secret", "id", "sec0", "data", SECRET_DATA));
    CompletableFuture<JsonNode> setPassword =
        client.executeAsync("set_password", Map.of("protocol", "vnc", "password", PASSWORD));
    CompletableFuture<JsonNode> hmp =
        client.executeAsync(
            "human-monitor-command", Map.of("command-line", "set_password vnc " + HMP_PASSWORD));
    CompletableFuture<JsonNode> nested =
        client.executeAsync(
            "blockdev-add",
            Map.of(
                "driver",
                "x",
                "auth",
                List.of(Map.of("user", "u", "key-password", NESTED_PASSWORD))));
    for (int i = 0; i < 4; i++) {
      JsonNode request = peer.takeRequest();
      peer.replyError(request, "GenericError", "Parameter 'x' is unexpected");
    }
    for (CompletableFuture<JsonNode> f : List.of(secretObject, setPassword, hmp, nested)) {
      thrown.add(assertInstanceOf(QmpErrorResponseException.class, failureOf(f)));
    }

    // a timeout of a command with a password
    thrown.add(
        assertThrows(
            CommandTimeoutException.class,
            () ->
                client.execute(
                    QmpCommand.of("change-vnc-password")
                        .argument("password", PASSWORD)
                        .timeout(Duration.ofMillis(100)))));
    peer.takeRequest();

    // a malformed reply that contains a password, and a stray one
    CompletableFuture<JsonNode> malformed =
        client.executeAsync("set_password", Map.of("protocol", "spice", "password", PASSWORD));
    JsonNode request = peer.takeRequest();
    peer.sendLine(
        "{\"return\": {\"x\": 1}, \"error\": {\"password\": \""
            + REPLY_PASSWORD
            + "\"}, \"id\": "
            + request.get("id")
            + "}");
    thrown.add(assertInstanceOf(MalformedReplyException.class, failureOf(malformed)));
    peer.sendLine("{\"return\": {\"password\": \"" + REPLY_PASSWORD + "\"}, \"id\": \"stray\"}");
    peer.sendLine("{\"event\": 5, \"data\": {\"passphrase\": \"" + REPLY_PASSWORD + "\"}}");

    // arguments that are not an object, and contain a password
    thrown.add(
        assertThrows(
            IllegalArgumentException.class,
            () -> client.executeAsync("x", List.of(Map.of("password", ARGS_PASSWORD)))));

    // pending calls with secrets failed by the end of the session
    CompletableFuture<JsonNode> pending =
        client.executeAsync("set_password", Map.of("protocol", "vnc", "password", PASSWORD));
    peer.takeRequest();
    peer.dropConnection(); // after the stray reply and event: the client reads them first
    thrown.add(assertInstanceOf(DisconnectedException.class, failureOf(pending)));
    thrown.add(assertThrows(io.github.qmp4j.protocol.SessionException.class, client::disconnect));
    return thrown;
  }

  private static void assertNoSecretInAny(List<Throwable> thrown) {
    for (Throwable t : thrown) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertNoSecretIn("the message of " + c.getClass().getSimpleName(), c.getMessage());
        assertNoSecretIn("the toString() of " + c.getClass().getSimpleName(), c.toString());
      }
    }
  }

  private static void assertNoSecretIn(String where, String text) {
    if (text == null) {
      return;
    }
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), () -> secret + " leaked into " + where + ": " + text);
    }
  }
}
