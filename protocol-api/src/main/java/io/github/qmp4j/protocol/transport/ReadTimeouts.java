package io.github.qmp4j.protocol.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * The capability of bounding a blocking read (like {@code SO_TIMEOUT}): a read that waits longer
 * throws {@link java.net.SocketTimeoutException} and the connection stays usable. The engine uses
 * it to let a caller that waits for a reply read the socket itself, without a hand-off to the
 * reader thread, while still honouring the caller's timeout.
 */
public interface ReadTimeouts {
  /**
   * Sets the timeout of subsequent reads on the connection's input.
   *
   * @param timeout the longest a read may block; {@link Duration#ZERO} means no limit
   * @throws IOException when the timeout cannot be set
   */
  void setReadTimeout(Duration timeout) throws IOException;
}
