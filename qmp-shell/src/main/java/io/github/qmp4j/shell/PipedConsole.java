package io.github.qmp4j.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The shell without a terminal: one command per line from stdin, results and events on stdout as
 * they come, errors on stderr; no prompt, banner or history, so that the output is only the
 * replies.
 */
final class PipedConsole implements ReplConsole {
  private final BufferedReader in;
  private final Io io;
  private final Object lock = new Object();

  PipedConsole(Io io) {
    this.io = io;
    this.in = new BufferedReader(new InputStreamReader(io.in, StandardCharsets.UTF_8));
  }

  @Override
  public @Nullable String readLine(String prompt) throws IOException {
    return in.readLine();
  }

  @Override
  public void println(String text) {
    synchronized (lock) {
      io.out.println(text);
      io.out.flush();
    }
  }

  @Override
  public void printError(String text) {
    synchronized (lock) {
      io.err.println(text);
      io.err.flush();
    }
  }

  @Override
  public void printEvent(String text) {
    println(text);
  }

  @Override
  public void close() {
    synchronized (lock) {
      io.out.flush();
    }
  }
}
