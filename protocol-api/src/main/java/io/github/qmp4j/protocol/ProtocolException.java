package io.github.qmp4j.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The unchecked root of every exception qmp4j throws. Catch this to handle any library failure;
 * {@link #getCause()} holds the underlying I/O or parse error where there is one.
 */
public class ProtocolException extends RuntimeException {
  /**
   * Creates an exception.
   *
   * @param message what went wrong
   * @param cause the root cause, or {@code null}
   */
  public ProtocolException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception without a cause.
   *
   * @param message what went wrong
   */
  public ProtocolException(String message) {
    super(message);
  }
}
