package io.github.qmp4j.protocol.transport.memory;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code memory:NAME} transport: listeners are registered by name in this JVM, connections are
 * pairs of in-memory pipes. Listening on {@code memory:*} picks a fresh unique name.
 *
 * <p>Connecting to a name nobody listens on fails with {@link java.net.ConnectException}, like a
 * refused socket; listening on a name in use fails with {@link java.net.BindException}.
 */
public final class MemoryTransportProvider extends TransportProvider {
  private static final ConcurrentMap<String, MemoryListener> LISTENERS = new ConcurrentHashMap<>();
  private static final AtomicLong UNIQUE = new AtomicLong();

  /** Used by {@link java.util.ServiceLoader}. */
  public MemoryTransportProvider() {}

  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout) throws IOException {
    MemoryListener listener = LISTENERS.get(address.target());
    if (listener == null) {
      throw new ConnectException("Connection refused: nobody listens on " + address);
    }
    return listener.connect();
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    String name = address.target();
    if (name.equals("*")) {
      name = "qmp4j-" + UNIQUE.incrementAndGet();
    }
    MemoryListener listener = new MemoryListener(new TransportAddress("memory", name));
    if (LISTENERS.putIfAbsent(name, listener) != null) {
      throw new BindException("Address already in use: memory:" + name);
    }
    return listener;
  }

  static void unbind(String name, MemoryListener listener) {
    LISTENERS.remove(name, listener);
  }
}
