package io.github.qmp4j.shell;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Opens the system terminal for the interactive shell with JLine's {@code exec} provider (it drives
 * {@code stty}; no native library, JNA, Jansi or FFM), falling back to JLine's dumb terminal. When
 * stdin or stdout is not a terminal there is no terminal: the shell reads piped lines.
 */
final class Terminals {
  private Terminals() {}

  static @Nullable Terminal openSystem() throws IOException {
    if (!interactive()) {
      return null;
    }
    return TerminalBuilder.builder()
        .name("qmp4j")
        .system(true)
        .exec(true)
        .jni(false)
        .jna(false)
        .jansi(false)
        .ffm(false)
        .dumb(true)
        .build();
  }

  /**
   * Whether stdin and stdout are a terminal. Up to Java 21 {@link System#console()} answers that;
   * from Java 22 it always returns a console, whose {@code isTerminal()} answers it.
   */
  // The null check is the Java 17-21 answer; isTerminal() below is the Java 22+ one.
  @SuppressWarnings("SystemConsoleNull")
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console exists only for a terminal
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
