package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.conformance.AbstractTransportTest;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite over real TLS handshakes: both ends trust the test CA and present the
 * server certificate (it is valid for 127.0.0.1 and as a client certificate), so the listener's
 * default {@link TlsClientAuth#REQUIRED} mutual TLS is exercised by every test.
 */
class TlsTransportTest extends AbstractTransportTest {
  @TempDir static Path dir;
  private static TransportOptions options;

  @BeforeAll
  static void createPki() throws Exception {
    options = TlsTransportOptions.of(TestPki.create(dir).serverConfig().build());
  }

  @Override
  protected TransportProvider provider() {
    return new TlsTransportProvider();
  }

  @Override
  protected TransportOptions options() {
    return options;
  }

  @Override
  protected TransportAddress listenAddress() {
    return TransportAddress.parse("tls:127.0.0.1:0");
  }

  @Override
  protected TransportAddress refusedAddress() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, and nobody listens once closed
    }
    return TransportAddress.parse("tls:127.0.0.1:" + port);
  }

  @Override
  protected List<String> addressExamples() {
    return List.of("tls:localhost:4444", "tls:127.0.0.1:4444", "tls:[::1]:4444", "TLS:host:1");
  }
}
