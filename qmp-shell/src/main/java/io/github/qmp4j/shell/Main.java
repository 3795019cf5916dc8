package io.github.qmp4j.shell;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of the {@code qmp4j} tool ({@code ./qmp4j} runs it from the runnable jar): {@code
 * exec}, {@code shell}, {@code events} and {@code fake}; {@code qmp4j --help} describes them. Exits
 * with 0 on success, 1 when QEMU answered with an error, and 2 when there was no answer
 * (connection, timeout or protocol failure) or the command line was wrong.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the tool and exits the JVM with its exit code.
   *
   * @param args the command line, e.g. {@code exec query-status}
   */
  public static void main(String[] args) {
    LogSetup.configure(args, System.getenv());
    int code = run(args, Io.system(), LogSetup.debug(args, System.getenv()));
    System.exit(code);
  }

  /** Runs the tool on the given streams and returns the exit code, without exiting. */
  static int run(String[] args, Io io, boolean debug) {
    return commandLine(io, debug).execute(args);
  }

  static CommandLine commandLine(Io io, boolean debug) {
    CommandLine cl =
        new CommandLine(new Qmp4jCommand(io, debug))
            .addSubcommand(new ExecCommand())
            .addSubcommand(new ShellCommand())
            .addSubcommand(new EventsCommand())
            .addSubcommand(new FakeCommand());
    // Through the streams' own print methods, so help text uses their encoding.
    cl.setOut(new PrintWriter(new PrintStreamWriter(io.out), true));
    cl.setErr(new PrintWriter(new PrintStreamWriter(io.err), true));
    // '@name' is an ordinary QMP value, not a file of arguments to expand.
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          io.err.println("qmp4j: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
          failed.getErr().flush();
          io.err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.FAILURE;
        });
    cl.setExecutionExceptionHandler((e, failed, parseResult) -> Failures.report(e, io.err, debug));
    return cl;
  }

  /** A writer that prints through a {@link java.io.PrintStream}, in the stream's encoding. */
  private static final class PrintStreamWriter extends java.io.Writer {
    private final java.io.PrintStream out;

    PrintStreamWriter(java.io.PrintStream out) {
      this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      out.print(new String(chars, offset, length));
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
