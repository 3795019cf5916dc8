package io.github.qmp4j.shell;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shell's {@code -l LOGFILE}: each exchange as one JSON line, the command and its reply in one
 * object (<code>{"execute": ..., "arguments": ..., "return": ...}</code>) as {@code qmp-shell}
 * writes it. The file is truncated when the shell starts and flushed after every line.
 */
final class ExchangeLog implements AutoCloseable {
  private final BufferedWriter out;

  ExchangeLog(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  synchronized void write(ObjectNode command, ObjectNode reply) throws IOException {
    ObjectNode line = command.deepCopy();
    line.setAll(reply);
    out.write(line.toString());
    out.newLine();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
