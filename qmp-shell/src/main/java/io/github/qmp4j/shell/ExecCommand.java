package io.github.qmp4j.shell;

import io.github.qmp4j.client.CommandTimeoutException;
import io.github.qmp4j.client.QmpCommand;
import io.github.qmp4j.protocol.ProtocolTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code qmp4j exec}: one command, its return value as JSON on stdout. */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Run one QMP command and print its return value as JSON.",
    description = {
      "The return value goes to stdout as JSON: one line, or indented with --pretty.",
      "",
      "Arguments use qmp-shell syntax: key=value; dotted keys nest (a.b=1 sends {\"a\": {\"b\":"
          + " 1}}); integers and true/false are typed; values starting with { or [ are JSON; a"
          + " value in quotes is a string (id='\"1\"'); anything else is a string. --json gives"
          + " all arguments as one JSON object (key=value words extend it).",
      ""
    },
    footer = {
      "%nExamples:",
      "  qmp4j exec query-status",
      "  qmp4j exec human-monitor-command command-line=\"info version\"",
      "  qmp4j exec blockdev-add driver=null-co node-name=n0 --pretty",
      "  qmp4j exec object-add --json '{\"qom-type\": \"iothread\", \"id\": \"io0\"}'",
      ExitCodes.HELP
    })
final class ExecCommand implements Callable<Integer> {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec = CommandSpec.create();

  @CommandLine.ParentCommand @Nullable Qmp4jCommand top;

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Parameters(
      index = "0",
      paramLabel = "COMMAND",
      description = "The QMP command, e.g. query-status.")
  String command = "";

  @Parameters(
      index = "1..*",
      paramLabel = "KEY=VALUE",
      description = "Arguments in qmp-shell syntax.")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "OBJECT",
      description = "The arguments as one JSON object.")
  @Nullable String json;

  @Option(
      names = {"-p", "--pretty"},
      description = "Indent the JSON.")
  boolean pretty;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "60s",
      description = "Bound on the whole call, connecting included (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(60);

  @Override
  public Integer call() throws InterruptedException {
    Qmp4jCommand root = top;
    if (root == null) {
      throw new IllegalStateException("exec runs as a subcommand of qmp4j");
    }
    QmpRequest request = request();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Session session = Session.open(connection, root.io, timeout, timeout, c -> {})) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ProtocolTimeoutException("the connection and the reply", timeout);
      }
      JsonNode value =
          session.client.execute(
              QmpCommand.of(request.command())
                  .arguments(request.argumentsOrNull())
                  .timeout(Duration.ofNanos(left)));
      root.io.out.println(JsonOutput.format(value, pretty));
      root.io.out.flush();
      return ExitCodes.OK;
    } catch (CommandTimeoutException e) {
      root.io.err.println(
          "qmp4j: no reply to '"
              + request.command()
              + "' within "
              + Durations.format(timeout)
              + " (--timeout)");
      return ExitCodes.FAILURE;
    } catch (ConnectFailure e) {
      if (Failures.isTimeout(e)) {
        root.io.err.println(
            "qmp4j: " + e.getMessage() + " (--timeout " + Durations.format(timeout) + ")");
        return ExitCodes.FAILURE;
      }
      return Failures.report(e, root.io.err, root.debug);
    } catch (RuntimeException | IOException e) {
      return Failures.report(e, root.io.err, root.debug);
    }
  }

  /** Reads the arguments before connecting: a syntax error is a usage error. */
  private QmpRequest request() {
    try {
      ObjectNode base = JsonNodeFactory.instance.objectNode();
      if (json != null) {
        base = parseObject(json);
      }
      if (command.equals(RequestParser.TRANSACTION_START)) {
        if (json != null) {
          throw new ArgumentSyntaxException("--json cannot be combined with transaction(");
        }
        List<String> words = new ArrayList<>();
        words.add(command);
        words.addAll(arguments);
        QmpRequest r = new RequestParser().parse(words);
        if (r == null) {
          throw new ArgumentSyntaxException(
              "transaction( needs a closing " + RequestParser.TRANSACTION_END);
        }
        return r;
      }
      return RequestParser.command(command, base, arguments);
    } catch (ArgumentSyntaxException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static ObjectNode parseObject(String text) throws ArgumentSyntaxException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new ArgumentSyntaxException("--json is not valid JSON: " + e.getOriginalMessage());
    }
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new ArgumentSyntaxException("--json must be a JSON object, not " + node.getNodeType());
  }
}
