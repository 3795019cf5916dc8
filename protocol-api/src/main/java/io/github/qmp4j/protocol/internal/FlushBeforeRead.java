package io.github.qmp4j.protocol.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A session's input as its codec sees it: before any read of the connection, the writes the reading
 * thread deferred while dispatching go out. Why here: only the codec knows whether its next message
 * is already buffered or needs the connection; this is where that decision reaches the connection,
 * so deferred messages never wait for input that might take a while to come.
 */
public final class FlushBeforeRead extends FilterInputStream {
  private final Outbound<?> outbound;

  /**
   * Wraps a connection's input.
   *
   * @param in the connection's input
   * @param outbound whose deferred writes to send first
   */
  public FlushBeforeRead(InputStream in, Outbound<?> outbound) {
    super(in);
    this.outbound = outbound;
  }

  @Override
  public int read() throws IOException {
    outbound.flushDeferred();
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    outbound.flushDeferred();
    return in.read(b, off, len);
  }
}
