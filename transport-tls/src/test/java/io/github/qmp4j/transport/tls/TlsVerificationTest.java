package io.github.qmp4j.transport.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.transport.tls.TlsHandshakeException.Reason;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a client checks the server, over real handshakes between our own client and server: the chain
 * must lead to a trusted CA, the certificate must be valid now and must name the host of the
 * address. Each refusal reaches the caller through the engine as a {@link ConnectException} in the
 * "Failed to establish connection" phase whose cause says why.
 */
class TlsVerificationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void createPki() throws Exception {
    pki = TestPki.create(dir);
  }

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    Eventually.noEngineThreads();
  }

  /** A server presenting the given certificate (with the shared server key), not asking clients. */
  private static TlsTestServer serverPresenting(String certificate) throws Exception {
    return serverPresenting(certificate, "127.0.0.1");
  }

  private static TlsTestServer serverPresenting(String certificate, String host) throws Exception {
    return TlsTestServer.start(
        TlsConfig.builder()
            .identityPem(pki.file(certificate), pki.file("server-key.pem"))
            .clientAuth(TlsClientAuth.NONE)
            .build(),
        host);
  }

  private static TlsConfig trustingTestCa() {
    return TlsConfig.builder().trustedCertificatesPem(pki.file("ca-cert.pem")).build();
  }

  private static TlsHandshakeException refusedThroughEngine(
      TransportOptions options, TransportAddress address) {
    LineProtocol client =
        new LineProtocol(
            ProtocolConfig.builder().name("tls-client").transportOptions(options).build(),
            null,
            false);
    ConnectException e =
        assertThrows(ConnectException.class, () -> client.connect(address, TIMEOUT));
    assertEquals("Failed to establish connection", e.phase());
    assertEquals(Runstate.IDLE, client.runstate());
    TlsHandshakeException cause = assertInstanceOf(TlsHandshakeException.class, e.getCause());
    assertTrue(e.getMessage().contains(cause.getMessage()), e.getMessage());
    return cause;
  }

  @Test
  void trustedServerWithMatchingNameConnectsAndExposesTheSession() throws Exception {
    try (TlsTestServer server = serverPresenting("server-cert.pem");
        TransportConnection client =
            new TlsTransportProvider()
                .connect(server.address(), TlsTransportOptions.of(trustingTestCa()), TIMEOUT)) {
      client.output().write("hello".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(
          "hello".getBytes(StandardCharsets.UTF_8), server.connection().input().readNBytes(5));
      SSLSession session = client.capability(SSLSession.class).orElseThrow();
      assertEquals("TLSv1.3", session.getProtocol());
      assertEquals(TestPki.SERVER_NAME, session.getPeerPrincipal().getName());
      assertEquals(server.address().toString(), client.description());
    }
  }

  @Test
  void serverFromAnotherCaIsRefused() throws Exception {
    try (TlsTestServer server = serverPresenting("other-ca-server-cert.pem")) {
      TlsHandshakeException e =
          refusedThroughEngine(TlsTransportOptions.of(trustingTestCa()), server.address());
      assertEquals(Reason.UNTRUSTED_CERTIFICATE, e.reason());
      assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
      assertTrue(e.getMessage().contains(TestPki.OTHER_CA_NAME), e.getMessage());
      assertTrue(e.getMessage().startsWith("TLS handshake with " + server.address()));
    }
  }

  @Test
  void withoutOptionsTheJdkDefaultCasAreTrustedAndNotATestCa() throws Exception {
    try (TlsTestServer server = serverPresenting("server-cert.pem")) {
      TlsHandshakeException e = refusedThroughEngine(TransportOptions.empty(), server.address());
      assertEquals(Reason.UNTRUSTED_CERTIFICATE, e.reason());
      assertTrue(e.getMessage().contains(TestPki.CA_NAME), e.getMessage());
    }
  }

  @Test
  void certificateForAnotherHostIsRefused() throws Exception {
    try (TlsTestServer server = serverPresenting("elsewhere-server-cert.pem")) {
      TlsHandshakeException e =
          refusedThroughEngine(TlsTransportOptions.of(trustingTestCa()), server.address());
      assertEquals(Reason.HOST_NAME_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("not valid for '127.0.0.1'"), e.getMessage());
      assertTrue(e.getMessage().contains("DNS:" + TestPki.ELSEWHERE), e.getMessage());
    }
  }

  @Test
  void hostNameIsCheckedAgainstTheAddressNotJustAnyNameInTheCertificate() throws Exception {
    // The good certificate names 127.0.0.1 and localhost, not 127.0.0.2 (also loopback on Linux).
    try (TlsTestServer server = serverPresenting("server-cert.pem", "127.0.0.2")) {
      TlsHandshakeException e =
          refusedThroughEngine(TlsTransportOptions.of(trustingTestCa()), server.address());
      assertEquals(Reason.HOST_NAME_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("IP:127.0.0.1"), e.getMessage());
    }
  }

  @Test
  void serverNameChecksThatNameInstead() throws Exception {
    TlsConfig config =
        TlsConfig.builder()
            .trustedCertificatesPem(pki.file("ca-cert.pem"))
            .serverName(TestPki.ELSEWHERE)
            .build();
    try (TlsTestServer server = serverPresenting("elsewhere-server-cert.pem");
        TransportConnection client =
            new TlsTransportProvider()
                .connect(server.address(), TlsTransportOptions.of(config), TIMEOUT)) {
      assertEquals(
          TestPki.SERVER_NAME,
          client.capability(SSLSession.class).orElseThrow().getPeerPrincipal().getName());
    }
  }

  @Test
  void expiredCertificateIsRefused() throws Exception {
    try (TlsTestServer server = serverPresenting("expired-server-cert.pem")) {
      TlsHandshakeException e =
          refusedThroughEngine(TlsTransportOptions.of(trustingTestCa()), server.address());
      assertEquals(Reason.CERTIFICATE_EXPIRED, e.reason());
      assertTrue(
          e.getMessage().contains("'" + TestPki.SERVER_NAME + "' expired on "), e.getMessage());
    }
  }

  @Test
  void insecureTrustAllConnectsToAnyServerAndWarns() throws Exception {
    TlsConfig insecure = TlsConfig.builder().insecureTrustAllCertificates().build();
    assertTrue(!insecure.verifiesPeer());
    try (TlsTestServer server = serverPresenting("other-ca-server-cert.pem", "127.0.0.2");
        CapturedStderr stderr = new CapturedStderr();
        TransportConnection client =
            new TlsTransportProvider()
                .connect(server.address(), TlsTransportOptions.of(insecure), TIMEOUT)) {
      assertTrue(client.capability(SSLSession.class).isPresent());
      String log = stderr.text();
      assertTrue(log.contains("WARN io.github.qmp4j.transport.tls"), log);
      assertTrue(log.contains("verification is DISABLED for tls:127.0.0.2:"), log);
    }
  }

  @Test
  void silentServerTimesOutTheHandshake() throws Exception {
    // The kernel completes TCP connections in the backlog; nobody ever answers the ClientHello.
    try (ServerSocket silent = new ServerSocket(0)) {
      TransportAddress address = TransportAddress.parse("tls:127.0.0.1:" + silent.getLocalPort());
      TlsHandshakeException e =
          assertThrows(
              TlsHandshakeException.class,
              () ->
                  new TlsTransportProvider()
                      .connect(
                          address,
                          TlsTransportOptions.of(trustingTestCa()),
                          Duration.ofMillis(300)));
      assertEquals(Reason.TIMED_OUT, e.reason());
    }
  }

  @Test
  void plainServerThatHangsUpIsReportedAsSuch() throws Exception {
    try (ServerSocket plain = new ServerSocket(0)) {
      Thread hangUp =
          new Thread(
              () -> {
                try (Socket s = plain.accept()) {
                  s.getInputStream().read(); // the ClientHello's first byte, then hang up
                } catch (java.io.IOException e) {
                  // the test fails on the client side if this goes wrong
                }
              });
      hangUp.start();
      TransportAddress address = TransportAddress.parse("tls:127.0.0.1:" + plain.getLocalPort());
      TlsHandshakeException e =
          assertThrows(
              TlsHandshakeException.class,
              () ->
                  new TlsTransportProvider()
                      .connect(address, TlsTransportOptions.of(trustingTestCa()), TIMEOUT));
      assertEquals(Reason.PEER_CLOSED, e.reason(), e.getMessage());
      hangUp.join(TIMEOUT.toMillis());
    }
  }

  @Test
  void bouncyCastleIsNeverInstalledGlobally() throws Exception {
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build());
        TransportConnection client =
            new TlsTransportProvider()
                .connect(
                    server.address(),
                    TlsTransportOptions.of(pki.clientConfig().build()),
                    TIMEOUT)) {
      server.connection();
      assertTrue(client.capability(SSLSession.class).isPresent());
    }
    assertNull(Security.getProvider("BCJSSE"));
    assertNull(Security.getProvider("BC"));
    assertTrue(
        Arrays.stream(Security.getProviders())
            .map(Provider::getClass)
            .noneMatch(c -> c.getName().startsWith("org.bouncycastle")),
        Arrays.toString(Security.getProviders()));
  }
}
