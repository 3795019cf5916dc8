package io.github.qmp4j.client;

import io.github.qmp4j.protocol.ProtocolTimeoutException;
import java.time.Duration;

/**
 * A command was not answered within its timeout (a stopped or overloaded QEMU). The session goes
 * on: the reply, if it still comes, is dropped without disturbing other calls. Catching the
 * engine's {@link ProtocolTimeoutException} catches this too.
 */
public final class CommandTimeoutException extends ProtocolTimeoutException {
  private final Message command;

  /**
   * Creates the exception.
   *
   * @param command the command as sent
   * @param timeout the timeout that expired
   */
  public CommandTimeoutException(Message command, Duration timeout) {
    super(
        "the reply to QMP command '" + command.command() + "' (id " + command.id() + ")", timeout);
    this.command = command;
  }

  /** Returns the command as it was sent. */
  public Message command() {
    return command;
  }
}
