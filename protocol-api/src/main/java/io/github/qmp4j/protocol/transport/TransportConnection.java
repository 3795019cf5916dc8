package io.github.qmp4j.protocol.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One established byte stream to a peer. Carries bytes, never messages.
 *
 * <p>{@link #close()} is idempotent, may be called from any thread and makes blocked reads and
 * writes fail promptly; that is how the engine stops its loops and aborts a stuck attempt. Optional
 * features (file-descriptor passing, ...) are probed with {@link #capability(Class)}.
 */
public interface TransportConnection extends Closeable {
  /** Returns the stream of bytes from the peer. */
  InputStream input() throws IOException;

  /** Returns the stream of bytes to the peer; every {@code write} goes out without buffering. */
  OutputStream output() throws IOException;

  /** Returns a short description of the peer for logs, e.g. {@code unix:/run/qmp.sock}. */
  String description();

  /**
   * Returns an optional capability of this connection.
   *
   * @param type the capability interface, e.g. {@link FileDescriptorPassing}
   * @param <C> the capability type
   * @return the capability, or empty when this connection does not have it
   */
  default <C> Optional<C> capability(Class<C> type) {
    return Optional.empty();
  }

  /**
   * Tells whether this connection has a capability.
   *
   * @param type the capability interface
   * @return whether {@link #capability(Class)} would return it
   */
  default boolean supports(Class<?> type) {
    return capability(type).isPresent();
  }
}
