package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.transport.tls.TlsClientAuth;
import io.github.qmp4j.transport.tls.TlsConfig;
import io.github.qmp4j.transport.tls.TlsTransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake over {@code tls:}, found by scheme like any transport, with a real handshake against a
 * self-signed certificate made for this test.
 */
class TlsTransportTest {
  private final FakeQmpServer fake = new FakeQmpServer();
  @TempDir Path dir;
  private SelfSignedPem pki;

  @BeforeEach
  void makeCertificate() throws Exception {
    pki = SelfSignedPem.create(dir);
  }

  @AfterEach
  void closeServer() {
    fake.close();
  }

  private TransportOptions serverOptions() {
    return TlsTransportOptions.of(
        TlsConfig.builder()
            .identityPem(pki.certificate, pki.key)
            .clientAuth(TlsClientAuth.NONE)
            .build());
  }

  @Test
  void servesOverTls() throws Exception {
    TransportAddress address = fake.transportOptions(serverOptions()).start("tls:127.0.0.1:0");
    TransportOptions client =
        TlsTransportOptions.of(TlsConfig.builder().trustedCertificatesPem(pki.certificate).build());
    try (WireClient c = WireClient.connect(address, client)) {
      c.handshake();
      assertEquals(
          "running",
          c.execute("{\"execute\":\"query-status\"}").get("return").get("status").asString());
    }
  }

  @Test
  void aClientThatDoesNotTrustTheFakeIsRefused() throws Exception {
    TransportAddress address = fake.transportOptions(serverOptions()).start("tls:127.0.0.1:0");
    assertThrows(
        IOException.class,
        () -> WireClient.connect(address, TlsTransportOptions.of(TlsConfig.defaults())).greeting());
  }
}
