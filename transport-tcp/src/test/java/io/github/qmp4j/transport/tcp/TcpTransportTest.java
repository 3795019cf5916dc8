package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.conformance.AbstractTransportTest;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

class TcpTransportTest extends AbstractTransportTest {
  @Override
  protected TransportProvider provider() {
    return new TcpTransportProvider();
  }

  @Override
  protected TransportAddress listenAddress() {
    return TransportAddress.parse("tcp:127.0.0.1:0");
  }

  @Override
  protected TransportAddress refusedAddress() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, and nobody listens once closed
    }
    return TransportAddress.parse("tcp:127.0.0.1:" + port);
  }

  @Override
  protected List<String> addressExamples() {
    return List.of("tcp:localhost:4444", "localhost:4444", "127.0.0.1:4444", "tcp:[::1]:4444");
  }
}
