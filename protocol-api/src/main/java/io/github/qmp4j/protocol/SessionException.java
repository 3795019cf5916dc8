package io.github.qmp4j.protocol;

/**
 * The error that ended a running session (the peer closed the connection, an I/O error, a message
 * that could not be read, an exception in a message handler). Thrown once by {@code disconnect()};
 * the root cause is {@link #getCause()}.
 */
public final class SessionException extends ProtocolException {
  /**
   * Creates the exception.
   *
   * @param cause the error that ended the session
   */
  public SessionException(Throwable cause) {
    super("Session ended: " + Causes.summary(cause), cause);
  }
}
