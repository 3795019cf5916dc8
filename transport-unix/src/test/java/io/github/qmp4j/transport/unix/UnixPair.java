package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.IOException;
import java.time.Duration;

/** Two connected ends of a Unix socket made by the transport under test. */
record UnixPair(TransportConnection client, TransportConnection server) implements AutoCloseable {
  static UnixPair open(ShortTempDirs dirs) throws IOException, InterruptedException {
    UnixTransportProvider provider = new UnixTransportProvider();
    TransportAddress address = TransportAddress.parse("unix:" + dirs.newDir().resolve("p.sock"));
    try (TransportListener listener = provider.listen(address, TransportOptions.empty())) {
      TransportConnection client =
          provider.connect(address, TransportOptions.empty(), Duration.ofSeconds(5));
      // A Unix connect completes once queued in the backlog, so this accept returns at once.
      return new UnixPair(client, listener.accept());
    }
  }

  static FileDescriptorPassing passing(TransportConnection connection) {
    return connection
        .capability(FileDescriptorPassing.class)
        .orElseThrow(() -> new AssertionError(connection + " cannot pass descriptors"));
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.close();
  }
}
