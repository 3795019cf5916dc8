package io.github.qmp4j.protocol.transport;

import io.github.qmp4j.protocol.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * No available transport serves an address's scheme. The message names the artifact to add to the
 * class path or module path; when a provider was found but is unavailable (for example junixsocket
 * has no native library for this platform), {@link #getCause()} says why.
 */
public final class TransportNotFoundException extends ProtocolException {
  private final String scheme;

  /**
   * Creates the exception.
   *
   * @param scheme the scheme that no transport serves
   * @param message the full message, naming the artifact to add
   * @param cause why a provider that was found is unavailable, or {@code null}
   */
  public TransportNotFoundException(String scheme, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.scheme = scheme;
  }

  /** Returns the scheme that no transport serves. */
  public String scheme() {
    return scheme;
  }
}
