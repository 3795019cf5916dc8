package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.ReceivedCommand;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qmp4j shell} on a JLine dumb terminal over in-memory streams: banner, prompts, Tab
 * completion through the line reader, events while the prompt waits, history written to its file.
 */
class ShellTerminalTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeQmpServer fake = new FakeQmpServer();
  private String address = "";
  private PipedOutputStream keyboard = new PipedOutputStream();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private CompletableFuture<Integer> shell = new CompletableFuture<>();
  private Terminal terminal;

  @BeforeEach
  void start() throws IOException {
    address = fake.start().toString();
  }

  @AfterEach
  void stop() throws Exception {
    keyboard.close();
    try {
      shell.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      fake.close();
    }
  }

  private void startShell(Path history, String... options) throws IOException {
    startShell("dumb", history, options);
  }

  /**
   * Starts the shell on a {@link DumbTerminal}. Of type {@code dumb} it is what JLine gives without
   * a terminal to drive; JLine then reads Tab as a character. Of another type (for the Tab test)
   * the line reader edits and completes as on a real terminal.
   */
  private void startShell(String type, Path history, String... options) throws IOException {
    keyboard = new PipedOutputStream();
    Terminal terminal =
        new DumbTerminal(
            "test", type, new PipedInputStream(keyboard), screen, StandardCharsets.UTF_8);
    terminal.setSize(new org.jline.terminal.Size(160, 50));
    this.terminal = terminal;
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of("shell", "-a", address, "--history", history.toString()));
    args.addAll(java.util.List.of(options));
    Io io =
        Io.of(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                Map.of())
            .withTerminal(terminal);
    shell = CompletableFuture.supplyAsync(() -> Main.run(args.toArray(new String[0]), io, false));
  }

  private void type(String keys) throws IOException {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  private void awaitScreen(String text) throws InterruptedException {
    try {
      Eventually.waitFor("'" + text + "' on the screen", WAIT, () -> screen().contains(text));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; the screen:\n" + screen(), e);
    }
  }

  @Test
  void bannerPromptRepliesAndHistory(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history");
    startShell(history);
    awaitScreen("Connected to QEMU 7.2.0 at " + address);
    awaitScreen(Repl.PROMPT);
    type("query-status\n");
    awaitScreen("{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true}}");
    type("transaction(\n");
    awaitScreen(Repl.TRANSACTION_PROMPT);
    keyboard.close();
    assertEquals(0, shell.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(Files.readString(history).contains("query-status"), Files.readString(history));
    assertEquals("", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void tabCompletesACommandName(@TempDir Path dir) throws Exception {
    startShell("xterm", dir.resolve("history"));
    awaitScreen(Repl.PROMPT);
    type("query-vers\t\n");
    awaitScreen("\"qemu\":{\"micro\":0,\"minor\":2,\"major\":7}");
    ReceivedCommand c = fake.takeCommand(WAIT);
    while (!c.name().equals("query-version")) {
      c = fake.takeCommand(WAIT); // the shell asked for its completion data first
    }
    assertEquals("query-version", c.name());
  }

  @Test
  void ctrlCDropsAnOpenTransaction(@TempDir Path dir) throws Exception {
    fake.on("transaction").returns(Map.of());
    startShell(dir.resolve("history"));
    awaitScreen(Repl.PROMPT);
    type("transaction(\nabort\n");
    awaitScreen(Repl.TRANSACTION_PROMPT + "abort");
    // Only once the next prompt is out is the line reader waiting again: a Ctrl-C raised while
    // the shell still handles the "abort" line is no Ctrl-C at a prompt (and was lost, now and
    // then, on a busy machine).
    Eventually.waitFor(
        "the prompt after 'abort'",
        WAIT,
        () -> {
          String s = screen();
          int typed = s.indexOf(Repl.TRANSACTION_PROMPT + "abort");
          return typed >= 0 && s.indexOf(Repl.TRANSACTION_PROMPT, typed + 1) > typed;
        });
    terminal.raise(Terminal.Signal.INT); // what a terminal does when Ctrl-C is typed
    awaitScreen("transaction( dropped");
    type("query-status\n");
    awaitScreen("{\"return\":{\"status\"");
    assertEquals("query-status", lastCommand().name(), "the dropped transaction was never sent");
  }

  private ReceivedCommand lastCommand() throws InterruptedException {
    ReceivedCommand c = fake.takeCommand(WAIT);
    while (fake.commandCount() > 0) {
      ReceivedCommand next;
      try {
        next = fake.takeCommand(Duration.ofMillis(1));
      } catch (io.github.qmp4j.protocol.ProtocolTimeoutException e) {
        return c;
      }
      c = next;
    }
    return c;
  }

  @Test
  void eventsAppearWhileThePromptWaits(@TempDir Path dir) throws Exception {
    startShell(dir.resolve("history"));
    awaitScreen(Repl.PROMPT);
    Eventually.waitFor("the shell to connect", WAIT, () -> fake.emitEvent("RESUME") > 0);
    awaitScreen("\"event\":\"RESUME\"");
  }

  @Test
  void hmpMode(@TempDir Path dir) throws Exception {
    startShell(dir.resolve("history"), "-H");
    awaitScreen("(HMP mode)");
    awaitScreen(Repl.PROMPT);
    type("info status\n");
    awaitScreen("VM status: running");
  }
}
