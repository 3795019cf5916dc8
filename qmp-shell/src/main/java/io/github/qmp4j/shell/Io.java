package io.github.qmp4j.shell;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jspecify.annotations.Nullable;

/**
 * Where the tool reads and writes, and what it knows of its environment, so that tests run it
 * in-process over in-memory streams. {@code terminals} opens the interactive terminal of {@code
 * shell}; it returns {@code null} when there is none (input piped), and the shell then reads one
 * command per line without prompts.
 */
final class Io {
  /** Opens the terminal of an interactive shell. */
  @FunctionalInterface
  interface TerminalSource {
    /** Returns a terminal, or {@code null} when input is not interactive. */
    @Nullable Terminal open() throws java.io.IOException;
  }

  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final TerminalSource terminals;

  Io(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      TerminalSource terminals) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.terminals = terminals;
  }

  /** The process's own streams and environment; a system terminal when stdin is a TTY. */
  static Io system() {
    return new Io(System.in, System.out, System.err, System.getenv(), Terminals::openSystem);
  }

  /** In-memory streams without a terminal (the shell reads them as piped input). */
  static Io of(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return new Io(in, out, err, env, () -> null);
  }

  /** The same streams with a given terminal for the shell. */
  Io withTerminal(Terminal terminal) {
    return new Io(in, out, err, env, () -> terminal);
  }

  /** Returns a non-empty environment variable, or {@code null}. */
  @Nullable String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
