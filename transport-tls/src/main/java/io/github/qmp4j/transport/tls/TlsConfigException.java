package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings are unusable: a PEM file is missing, unreadable, encrypted or holds the wrong thing;
 * a private key does not belong to its certificate; a server was started without a certificate. The
 * message names the file or setting; {@link #getCause()} holds the underlying error, if any.
 */
public final class TlsConfigException extends ProtocolException {
  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file or setting
   * @param cause the underlying error, or {@code null}
   */
  public TlsConfigException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
