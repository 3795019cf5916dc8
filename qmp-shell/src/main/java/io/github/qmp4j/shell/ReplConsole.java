package io.github.qmp4j.shell;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The shell's input and output: a JLine terminal for people, or plain lines for piped input.
 * Printing is thread-safe: events arrive on another thread while a line is being read.
 */
interface ReplConsole extends AutoCloseable {
  /** The user pressed Ctrl-C while typing: the line is dropped. */
  final class Cancelled extends Exception {
    Cancelled() {
      super("line cancelled");
    }
  }

  /**
   * Reads one line.
   *
   * @param prompt shown when interactive
   * @return the line, or {@code null} at the end of input
   * @throws Cancelled when the user pressed Ctrl-C
   * @throws IOException when reading fails
   */
  @Nullable String readLine(String prompt) throws IOException, Cancelled;

  /** Prints a result. */
  void println(String text);

  /** Prints an error or notice. */
  void printError(String text);

  /** Prints an event as soon as it arrives, even while a line is being typed. */
  void printEvent(String text);

  @Override
  void close();
}
