package io.github.qmp4j.client;

import io.github.qmp4j.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * The root of QMP-level failures: an error reply, a greeting or negotiation that went wrong, a
 * reply that breaks the protocol, a capability that was not negotiated. Like every qmp4j exception
 * it is an unchecked {@link ProtocolException}; catch that to handle transport and lifecycle
 * failures too.
 */
public class QmpException extends ProtocolException {
  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the underlying error, or {@code null}
   */
  public QmpException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what went wrong
   */
  public QmpException(String message) {
    super(message);
  }
}
