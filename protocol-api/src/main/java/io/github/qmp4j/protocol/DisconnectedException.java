package io.github.qmp4j.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be sent, or a pending operation could not complete, because the session is
 * not running or has ended. {@link #getCause()} is the error that ended the session, if any.
 */
public class DisconnectedException extends ProtocolException {
  /**
   * Creates the exception.
   *
   * @param message what could not be done
   * @param cause the error that ended the session, or {@code null} for an orderly disconnect
   */
  public DisconnectedException(String message, @Nullable Throwable cause) {
    super(cause == null ? message : message + ": " + Causes.summary(cause), cause);
  }
}
