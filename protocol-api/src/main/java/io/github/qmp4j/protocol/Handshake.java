package io.github.qmp4j.protocol;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.IOException;
import java.util.Optional;

/**
 * Direct message I/O for {@link AsyncProtocol#establishSession}, before the reader and writer loops
 * start: read a greeting, negotiate, then return. Valid only during that call, on that thread. Both
 * directions pass through the {@code inbound}/{@code outbound} filters, so they are logged like any
 * other traffic. The attempt's deadline is enforced from outside: when it passes, the connection is
 * closed and a blocked {@link #receive()} throws.
 *
 * @param <M> the message type
 */
public interface Handshake<M> {
  /**
   * Reads the next message.
   *
   * @return the message
   * @throws java.io.EOFException when the peer closed the connection
   * @throws IOException when reading fails or the input is malformed
   */
  M receive() throws IOException;

  /**
   * Writes a message and flushes it.
   *
   * @param message the message
   * @throws IOException when writing fails
   */
  void send(M message) throws IOException;

  /** Returns the connection being established, e.g. to probe its capabilities. */
  TransportConnection connection();

  /**
   * Returns the address this session was connected to, e.g. to connect there again later; empty for
   * an accepted peer or a connection handed in already open.
   */
  Optional<TransportAddress> address();
}
