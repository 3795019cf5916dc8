package io.github.qmp4j.shell;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpCommand;
import io.github.qmp4j.client.QmpErrorResponseException;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.ProtocolException;
import io.github.qmp4j.protocol.Runstate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-eval-print loop of {@code qmp4j shell}, in QMP mode ({@code qmp-shell} syntax, replies
 * printed as {@code {"return": ...}} or {@code {"error": ...}}) or HMP mode (lines passed to {@code
 * human-monitor-command}, its text printed). A reply that fails prints its error and the loop goes
 * on; a line that does not parse prints {@code qmp-shell}'s "Error while parsing command line". The
 * loop ends at the end of input or after {@code quit} ({@link ExitCodes#OK}), or when the
 * connection is lost ({@link ExitCodes#FAILURE}).
 */
final class Repl {
  static final String PROMPT = "(QEMU) ";
  static final String TRANSACTION_PROMPT = "TRANS> ";
  static final String FORMAT_HINT =
      "command format: <command-name> [arg-name1=arg1] ... [arg-nameN=argN]";

  /** How the shell behaves: {@code -H}, {@code -p}, {@code -v} and the command timeout. */
  record Settings(boolean hmp, boolean pretty, boolean verbose, Duration timeout) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final QmpClient client;
  private final ReplConsole console;
  private final Settings settings;
  private final @Nullable ExchangeLog log;
  private final RequestParser parser;
  private int cpuIndex;

  Repl(
      QmpClient client,
      ReplConsole console,
      RequestParser parser,
      Settings settings,
      @Nullable ExchangeLog log) {
    this.client = client;
    this.console = console;
    this.parser = parser;
    this.settings = settings;
    this.log = log;
  }

  /** Runs until the end of input, {@code quit} or a lost connection; returns the exit code. */
  int run() throws IOException, InterruptedException {
    while (true) {
      String prompt = parser.inTransaction() ? TRANSACTION_PROMPT : PROMPT;
      String line;
      try {
        line = console.readLine(prompt);
      } catch (ReplConsole.Cancelled e) {
        if (parser.inTransaction()) {
          parser.reset();
          console.printError("transaction( dropped");
        }
        continue;
      }
      if (line == null) {
        return ExitCodes.OK;
      }
      Integer end = settings.hmp() ? hmpLine(line) : qmpLine(line);
      if (end != null) {
        return end;
      }
    }
  }

  /** Runs one QMP line; returns an exit code when the loop must end. */
  private @Nullable Integer qmpLine(String line) throws IOException, InterruptedException {
    QmpRequest request;
    try {
      request = parser.parse(LineTokenizer.split(line));
    } catch (ArgumentSyntaxException e) {
      console.printError("Error while parsing command line: " + e.getMessage());
      console.printError(FORMAT_HINT);
      return null;
    }
    if (request == null) {
      return null;
    }
    ObjectNode message = request.toMessage();
    if (settings.verbose()) {
      console.println(JsonOutput.format(message, settings.pretty()));
    }
    ObjectNode reply = NODES.objectNode();
    try {
      JsonNode value =
          client.execute(
              QmpCommand.of(request.command())
                  .arguments(request.argumentsOrNull())
                  .timeout(settings.timeout()));
      reply.set("return", value);
    } catch (QmpErrorResponseException e) {
      JsonNode error = e.reply().get("error");
      reply.set("error", error == null ? NODES.objectNode() : error);
    } catch (ProtocolException e) {
      return failed(e);
    }
    console.println(JsonOutput.format(reply, settings.pretty()));
    if (log != null) {
      log.write(message, reply);
    }
    if (request.command().equals("quit") && reply.has("return")) {
      return ExitCodes.OK;
    }
    return null;
  }

  /** Runs one HMP line; returns an exit code when the loop must end. */
  private @Nullable Integer hmpLine(String line) throws IOException, InterruptedException {
    String commandLine = line.strip();
    if (commandLine.isEmpty()) {
      return null;
    }
    List<String> words = List.of(commandLine.split("\\s+", -1));
    if (words.get(0).equals("cpu")) {
      return selectCpu(words);
    }
    ObjectNode arguments = NODES.objectNode().put("command-line", commandLine);
    if (cpuIndex != 0) {
      arguments.put("cpu-index", cpuIndex);
    }
    ObjectNode message = new QmpRequest("human-monitor-command", arguments).toMessage();
    if (settings.verbose()) {
      console.println(JsonOutput.format(message, settings.pretty()));
    }
    ObjectNode reply = NODES.objectNode();
    try {
      JsonNode out =
          client.execute(
              QmpCommand.of("human-monitor-command")
                  .arguments(arguments)
                  .timeout(settings.timeout()));
      reply.set("return", out);
      String text = out.isString() ? out.stringValue() : out.toString();
      text = text.replace("\r\n", "\n");
      if (!text.isEmpty()) {
        console.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
      }
    } catch (QmpErrorResponseException e) {
      JsonNode error = e.reply().get("error");
      reply.set("error", error == null ? NODES.objectNode() : error);
      console.printError(e.errorClass() + ": " + e.desc());
    } catch (ProtocolException e) {
      return failed(e);
    }
    if (log != null) {
      log.write(message, reply);
    }
    return null;
  }

  /** HMP's {@code cpu N}, kept by the shell as {@code qmp-shell} does: later lines use CPU N. */
  private @Nullable Integer selectCpu(List<String> words) throws InterruptedException {
    int index;
    try {
      index = Integer.parseInt(words.size() == 2 ? words.get(1) : "");
    } catch (NumberFormatException e) {
      console.printError("cpu command takes an integer argument");
      return null;
    }
    try {
      client.execute(
          QmpCommand.of("human-monitor-command")
              .arguments(
                  NODES.objectNode().put("command-line", "info version").put("cpu-index", index))
              .timeout(settings.timeout()));
      cpuIndex = index;
    } catch (QmpErrorResponseException e) {
      console.printError("bad CPU index: " + e.desc());
    } catch (ProtocolException e) {
      return failed(e);
    }
    return null;
  }

  /** A failure without a reply: a timeout goes on, a lost connection ends the shell. */
  private @Nullable Integer failed(ProtocolException e) {
    boolean lost = e instanceof DisconnectedException || client.runstate() != Runstate.RUNNING;
    console.printError(
        (lost ? "Disconnected: " : "qmp4j: ") + Failures.oneLine(Failures.describe(e)));
    return lost ? ExitCodes.FAILURE : null;
  }
}
