package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A TLS listener on 127.0.0.1 that accepts one client in the background. */
final class TlsTestServer implements AutoCloseable {
  private final TransportListener listener;
  private final CompletableFuture<TransportConnection> accepted = new CompletableFuture<>();

  private TlsTestServer(TransportListener listener) {
    this.listener = listener;
    Thread t =
        new Thread(
            () -> {
              try {
                accepted.complete(listener.accept());
              } catch (Throwable e) {
                accepted.completeExceptionally(e);
              }
            },
            "tls-test-accept");
    t.setDaemon(true);
    t.start();
  }

  static TlsTestServer start(TlsConfig config) throws IOException {
    return start(config, "127.0.0.1");
  }

  /**
   * Listens on another loopback address, e.g. 127.0.0.2, which the test certificates do not name.
   */
  static TlsTestServer start(TlsConfig config, String host) throws IOException {
    return new TlsTestServer(
        new TlsTransportProvider()
            .listen(TransportAddress.parse("tls:" + host + ":0"), TlsTransportOptions.of(config)));
  }

  TransportAddress address() {
    return listener.localAddress();
  }

  /** Waits for the accepted connection. */
  TransportConnection connection() throws Exception {
    return accepted.get(10, TimeUnit.SECONDS);
  }

  /** Waits for accept to fail and returns why. */
  Throwable failure() throws InterruptedException, TimeoutException {
    try {
      TransportConnection unexpected = accepted.get(10, TimeUnit.SECONDS);
      throw new AssertionError("accept succeeded: " + unexpected);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
      accepted.join().close();
    }
  }
}
