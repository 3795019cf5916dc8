package io.github.qmp4j.shell;

import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell on a JLine terminal: line editing, Tab completion, history kept in a file, and events
 * printed above the line being typed. Ctrl-C drops the line, Ctrl-D ends the shell.
 */
final class JLineConsole implements ReplConsole {
  private static final Logger logger = LoggerFactory.getLogger(JLineConsole.class);

  private final Terminal terminal;
  private final LineReader reader;

  JLineConsole(Terminal terminal, Completer completer, @Nullable Path history) {
    this.terminal = terminal;
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("qmp4j")
            .completer(completer)
            // '!' belongs to arguments, not to history expansion.
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
    if (history != null) {
      builder.variable(LineReader.HISTORY_FILE, history);
    }
    this.reader = builder.build();
  }

  @Override
  public @Nullable String readLine(String prompt) throws Cancelled {
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException e) {
      throw new Cancelled();
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public void println(String text) {
    terminal.writer().println(text);
    terminal.flush();
  }

  @Override
  public void printError(String text) {
    println(text);
  }

  @Override
  public void printEvent(String text) {
    reader.printAbove(text);
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      logger.warn("Could not save the shell history: {}", e.toString());
    }
    try {
      terminal.close();
    } catch (IOException e) {
      logger.debug("Closing the terminal failed: {}", e.toString());
    }
  }
}
