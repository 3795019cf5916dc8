package io.github.qmp4j.protocol.transport.memory;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.LinkedBlockingQueue;

/** A named in-memory listening endpoint; connections queue until accepted. */
final class MemoryListener implements io.github.qmp4j.protocol.transport.TransportListener {
  private static final int PIPE_CAPACITY = 256 * 1024;

  /** Queue marker that wakes {@link #accept()} after {@link #close()}. */
  private static final MemoryConnection CLOSED = new MemoryConnection(pipe(), pipe(), "closed");

  private final TransportAddress address;
  private final LinkedBlockingQueue<MemoryConnection> pending = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  MemoryListener(TransportAddress address) {
    this.address = address;
  }

  private static MemoryPipe pipe() {
    return new MemoryPipe(PIPE_CAPACITY);
  }

  MemoryConnection connect() throws IOException {
    MemoryPipe toServer = pipe();
    MemoryPipe toClient = pipe();
    MemoryConnection server = new MemoryConnection(toServer, toClient, address + " (client)");
    MemoryConnection client = new MemoryConnection(toClient, toServer, address.toString());
    synchronized (this) {
      if (closed) {
        throw new ConnectException("Connection refused: " + address);
      }
      pending.add(server);
    }
    return client;
  }

  @Override
  public TransportConnection accept() throws IOException, InterruptedException {
    if (closed) {
      throw new IOException("Listener closed: " + address);
    }
    MemoryConnection next = pending.take();
    if (next == CLOSED) {
      pending.add(CLOSED);
      throw new IOException("Listener closed: " + address);
    }
    return next;
  }

  @Override
  public TransportAddress localAddress() {
    return address;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    MemoryTransportProvider.unbind(address.target(), this);
    for (MemoryConnection c; (c = pending.poll()) != null; ) {
      c.close();
    }
    pending.add(CLOSED);
  }
}
