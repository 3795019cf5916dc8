package io.github.qmp4j.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code qmp4j} command: help, version, and the subcommands. */
@Command(
    name = "qmp4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "(exec | shell | events | fake)",
    description = {
      "Talk to QEMU over QMP: run one command, open an interactive shell, follow events, or run a"
          + " fake QEMU.",
      "",
      "ADDRESS is unix:/path, tcp:host:port, tls:host:port (with --tls-ca/--tls-cert/--tls-key),"
          + " or a bare path or host:port. Without -a, the QMP_SOCKET environment variable is used;"
          + " without either, the tool starts an embedded fake QEMU and says so on stderr.",
      "DURATION is e.g. 500ms, 3s, 1m (a bare number means seconds).",
      ""
    },
    footer = {
      "%nExamples:",
      "  qmp4j exec query-status",
      "  qmp4j exec -a /run/vm1/qmp.sock human-monitor-command command-line=\"info block\"",
      "  qmp4j shell -a /run/vm1/qmp.sock",
      "  qmp4j events -a tcp:127.0.0.1:4444 --name STOP --count 1 --timeout 30s",
      "  qmp4j fake --listen tcp:127.0.0.1:4444",
      ExitCodes.HELP,
      "Logging: WARN and above on stderr; --debug or QMP4J_LOG=debug shows the QMP traffic."
    })
final class Qmp4jCommand implements Runnable {
  @Spec CommandSpec spec = CommandSpec.create();

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Log the QMP traffic and the connection's life on stderr (QMP4J_LOG=debug).")
  boolean debugOption;

  final Io io;
  final boolean debug;

  Qmp4jCommand(Io io, boolean debug) {
    this.io = io;
    this.debug = debug;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a command: exec, shell, events or fake");
  }
}
