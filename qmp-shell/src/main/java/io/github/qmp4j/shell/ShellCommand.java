package io.github.qmp4j.shell;

import io.github.qmp4j.client.EventFilter;
import io.github.qmp4j.client.Greeting;
import io.github.qmp4j.client.QmpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jline.reader.Completer;
import org.jline.terminal.Terminal;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qmp4j shell}: the interactive shell, a successor of QEMU's {@code qmp-shell}. */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Interactive QMP shell: qmp-shell syntax, Tab completion, history, events.",
    description = {
      "An interactive QMP shell with qmp-shell's syntax: COMMAND key=value ..., dotted keys,"
          + " JSON values, and transaction( ... ) blocks over one or several lines. Tab completes"
          + " command names (query-commands) and argument names (query-qmp-schema); history is"
          + " kept in ~/.qmp4j_history; events are printed as they arrive. Replies print as"
          + " {\"return\": ...} or {\"error\": ...}. Ctrl-C drops the line, Ctrl-D ends the shell.",
      "",
      "With stdin piped (no terminal) it reads one command per line and prints only the replies"
          + " and events, one JSON per line; parse errors go to stderr.",
      ""
    },
    footer = {
      "%nExamples:",
      "  qmp4j shell -a /run/vm1/qmp.sock",
      "  qmp4j shell -H -a /run/vm1/qmp.sock               # HMP: info block, info status, ...",
      "  printf 'stop\\ncont\\n' | qmp4j shell -a /run/vm1/qmp.sock",
      "",
      "Exit status: 0 at the end of input or after quit; 2 when the connection fails or is"
          + " lost, or for a usage error."
    })
final class ShellCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  @CommandLine.ParentCommand @Nullable Qmp4jCommand top;

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Option(
      names = {"-H", "--hmp"},
      description = "HMP mode: send each line to human-monitor-command and print its text.")
  boolean hmp;

  @Option(
      names = {"-p", "--pretty"},
      description = "Indent JSON replies and events.")
  boolean pretty;

  @Option(
      names = {"-v", "--verbose"},
      description = "Echo each command as sent, before its reply.")
  boolean verbose;

  @Option(
      names = {"-l", "--logfile"},
      paramLabel = "LOGFILE",
      description = "Write each exchange (command and reply in one JSON object) to LOGFILE.")
  @Nullable Path logfile;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "The history file (default: ~/.qmp4j_history).")
  @Nullable Path history;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "60s",
      description = "How long each command may take (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(60);

  @Override
  public Integer call() throws InterruptedException {
    Qmp4jCommand root = top;
    if (root == null) {
      throw new IllegalStateException("shell runs as a subcommand of qmp4j");
    }
    Io io = root.io;
    CompletionData completion = new CompletionData();
    RequestParser parser = new RequestParser();
    ReplConsole console;
    try {
      Terminal terminal = io.terminals.open();
      if (terminal == null) {
        console = new PipedConsole(io);
      } else {
        Completer completer =
            hmp
                ? new HmpCompleter(completion)
                : new QmpCompleter(completion, parser::inTransaction);
        console = new JLineConsole(terminal, completer, historyFile());
      }
    } catch (IOException | RuntimeException e) {
      return Failures.report(e, io.err, root.debug);
    }
    try (ReplConsole out = console;
        @Nullable ExchangeLog log = logfile == null ? null : new ExchangeLog(logfile);
        Session session =
            Session.open(
                connection,
                io,
                CONNECT_TIMEOUT,
                timeout,
                c ->
                    c.subscribe(
                        EventFilter.all(),
                        e ->
                            out.printEvent(
                                JsonOutput.format(e.message().toObjectNode(), pretty))))) {
      Repl repl =
          new Repl(
              session.client, out, parser, new Repl.Settings(hmp, pretty, verbose, timeout), log);
      if (out instanceof JLineConsole) {
        if (hmp) {
          CompletionLoader.loadHmp(session.client, completion, timeout);
        } else {
          CompletionLoader.loadQmp(session.client, completion, timeout);
        }
        out.println(banner(session));
      }
      return repl.run();
    } catch (IOException | RuntimeException e) {
      return Failures.report(e, io.err, root.debug);
    }
  }

  private Path historyFile() {
    Path h = history;
    return h != null ? h : Path.of(System.getProperty("user.home"), ".qmp4j_history");
  }

  private String banner(Session session) {
    QmpClient client = session.client;
    String version =
        client
            .greeting()
            .map(Greeting::version)
            .map(
                v ->
                    "QEMU "
                        + v
                        + (v.packageName().isBlank() ? "" : " (" + v.packageName().strip() + ")"))
            .orElse("a QMP server");
    return "Welcome to the qmp4j shell "
        + VersionProvider.version()
        + (hmp ? " (HMP mode)" : "")
        + ".\nConnected to "
        + version
        + " at "
        + session.peer
        + ".\nTab completes commands and arguments, events print as they arrive, Ctrl-D quits.";
  }
}
