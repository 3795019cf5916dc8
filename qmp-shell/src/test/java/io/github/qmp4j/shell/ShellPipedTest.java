package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.Fault;
import io.github.qmp4j.fake.ReceivedCommand;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code qmp4j shell} with stdin piped, as scripts use it: one command per line, replies and events
 * as JSON lines on stdout, parse errors on stderr.
 */
class ShellPipedTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeQmpServer fake = new FakeQmpServer();
  private String address = "";

  @BeforeEach
  void start() throws IOException {
    address = fake.start().toString();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Tool.Result shell(String input, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("shell", "-a", address));
    args.addAll(List.of(options));
    return Tool.run(Map.of(), input, args.toArray(new String[0]));
  }

  private static List<JsonNode> json(String out) {
    return out.lines().map(JSON::readTree).toList();
  }

  @Test
  void eachLineIsACommandAndEachReplyALine() {
    Tool.Result r =
        shell(
            """
            query-status

            human-monitor-command command-line="info version"
            """);
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        """
        {"return":{"status":"running","singlestep":false,"running":true}}
        {"return":"7.2.0\\r\\n"}
        """,
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void errorRepliesPrintAsQmpShellPrintsThemAndTheShellGoesOn() {
    Tool.Result r = shell("no-such-command\nquery-status\n");
    assertEquals(0, r.code(), r.toString());
    List<JsonNode> replies = json(r.out());
    assertEquals("CommandNotFound", replies.get(0).get("error").get("class").stringValue());
    assertEquals(
        "The command no-such-command has not been found",
        replies.get(0).get("error").get("desc").stringValue());
    assertEquals("running", replies.get(1).get("return").get("status").stringValue());
  }

  @Test
  void parseErrorsGoToStderrWithQmpShellsTexts() {
    Tool.Result r = shell("x-cmd a.b=1 a.b=2\nx-cmd a=1 a.b=2\nquery-status\n");
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        "Error while parsing command line: Cannot set \"a.b\" multiple times\n"
            + Repl.FORMAT_HINT
            + "\nError while parsing command line: Cannot use \"a\" as both leaf and non-leaf key\n"
            + Repl.FORMAT_HINT
            + "\n",
        r.err());
    assertEquals(1, json(r.out()).size(), r.out());
  }

  @Test
  void aTransactionBlockSendsOneTransaction() throws Exception {
    fake.on("transaction").returns(Map.of());
    Tool.Result r =
        shell(
            """
            transaction(
            block-dirty-bitmap-add node=drive0 name=bitmap1
            block-dirty-bitmap-clear node=drive0 name=bitmap0
            )
            """);
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"return\":{}}\n", r.out());
    ReceivedCommand c = fake.takeCommand(WAIT);
    assertEquals("transaction", c.name());
    assertEquals(
        "{\"actions\":[{\"type\":\"block-dirty-bitmap-add\",\"data\":{\"node\":\"drive0\","
            + "\"name\":\"bitmap1\"}},{\"type\":\"block-dirty-bitmap-clear\",\"data\":{"
            + "\"node\":\"drive0\",\"name\":\"bitmap0\"}}]}",
        c.arguments().toString());
  }

  @Test
  void verboseEchoesWhatIsSent() {
    Tool.Result r = shell("query-status\n", "-v");
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals("{\"execute\":\"query-status\"}", lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"return\":"), r.out());
  }

  @Test
  void prettyIndents() {
    Tool.Result r = shell("query-status\n", "-p");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("{\n  \"return\": {\n    \"status\": \"running\","), r.out());
  }

  @Test
  void theLogfileHoldsEachExchange(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("qmp.log");
    Tool.Result r = shell("query-status\nno-such\n", "-l", log.toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(2, lines.size(), lines.toString());
    assertEquals(
        "{\"execute\":\"query-status\",\"return\":{\"status\":\"running\","
            + "\"singlestep\":false,\"running\":true}}",
        lines.get(0));
    JsonNode error = JSON.readTree(lines.get(1));
    assertEquals("no-such", error.get("execute").stringValue());
    assertEquals("CommandNotFound", error.get("error").get("class").stringValue());
  }

  @Test
  void hmpModePassesLinesToTheHumanMonitor() throws Exception {
    Tool.Result r = shell("info version\n\ninfo status\n", "-H");
    assertEquals(0, r.code(), r.toString());
    assertEquals("7.2.0\nVM status: running\n", r.out());
    assertEquals("info version", fake.takeCommand(WAIT).argument("command-line").stringValue());
  }

  @Test
  void hmpModeKeepsTheCpuIndex() throws Exception {
    Tool.Result r = shell("cpu 1\ninfo status\ncpu x\n", "-H");
    assertEquals(0, r.code(), r.toString());
    fake.takeCommand(WAIT); // the check of the cpu command
    ReceivedCommand c = fake.takeCommand(WAIT);
    assertEquals("info status", c.argument("command-line").stringValue());
    assertEquals(1, c.argument("cpu-index").intValue());
    assertEquals("cpu command takes an integer argument\n", r.err());
  }

  @Test
  void eventsPrintAsTheyArriveWhileTheShellWaitsForInput() throws Exception {
    PipedOutputStream typing = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(typing);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {"shell", "-a", address},
                    Io.of(
                        stdin,
                        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        Map.of()),
                    false));
    try {
      typing.write("query-status\n".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      Eventually.waitFor(
          "the reply", WAIT, () -> out.toString(StandardCharsets.UTF_8).contains("return"));
      // No further input: the shell is blocked reading stdin when the event comes.
      fake.emitEvent("BLOCK_JOB_READY", Map.of("device", "job0"));
      Eventually.waitFor(
          "the event",
          WAIT,
          () -> out.toString(StandardCharsets.UTF_8).contains("\"event\":\"BLOCK_JOB_READY\""));
    } finally {
      typing.close();
    }
    assertEquals(0, run.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void quitEndsTheShell() throws Exception {
    Tool.Result r = shell("quit\nquery-status\n");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("{\"return\":{}}"), r.out());
    assertEquals("quit", fake.takeCommand(WAIT).name());
    assertEquals(1, fake.commandCount(), "nothing is sent after quit");
  }

  @Test
  void aLostConnectionEndsTheShellWithExitTwo() {
    fake.on("query-status").fault(Fault.close());
    Tool.Result r = shell("query-status\nquery-version\n");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("Disconnected: "), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aTimeoutIsReportedAndTheShellGoesOn() {
    fake.on("query-status").fault(Fault.stall());
    Tool.Result r = shell("query-status\nnot=a-command\n", "--timeout", "200ms");
    assertEquals(0, r.code(), r.toString());
    List<String> errors = r.err().lines().toList();
    assertTrue(errors.get(0).startsWith("qmp4j: Timed out after 200 ms"), r.err());
    assertEquals(
        "Error while parsing command line: Expected a command name, got 'not=a-command'",
        errors.get(1),
        "the shell read the next line");
  }

  @Test
  void aConnectionFailureExitsTwo() {
    Tool.Result r = Tool.run(Map.of(), "query-status\n", "shell", "-a", "/nonexistent/q.sock");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: cannot connect to unix:/nonexistent/q.sock"), r.err());
  }
}
