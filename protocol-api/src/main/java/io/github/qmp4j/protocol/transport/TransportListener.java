package io.github.qmp4j.protocol.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A listening endpoint that accepts connections. {@link #close()} is idempotent, unblocks a pending
 * {@link #accept()}, and removes what listening created (a Unix socket file).
 */
public interface TransportListener extends Closeable {
  /**
   * Blocks until a peer connects.
   *
   * @return the new connection
   * @throws IOException when accepting fails or the listener was closed
   * @throws InterruptedException when the thread is interrupted while waiting (where the transport
   *     can observe it; closing the listener always works)
   */
  TransportConnection accept() throws IOException, InterruptedException;

  /** Returns the address peers can connect to, with the actual port when 0 was asked for. */
  TransportAddress localAddress();
}
