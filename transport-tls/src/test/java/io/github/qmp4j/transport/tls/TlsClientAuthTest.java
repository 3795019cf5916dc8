package io.github.qmp4j.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server mode: the listener presents its certificate and, by default, requires a trusted client
 * certificate (mutual TLS, like QEMU's {@code verify-peer=on}); {@link TlsClientAuth} relaxes that.
 * Real handshakes between our own client and server.
 */
class TlsClientAuthTest {
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

  private static TlsConfig anonymousClient() {
    return TlsConfig.builder().trustedCertificatesPem(pki.file("ca-cert.pem")).build();
  }

  private static TransportConnection connect(TlsTestServer server, TlsConfig client)
      throws Exception {
    return new TlsTransportProvider()
        .connect(server.address(), TlsTransportOptions.of(client), TIMEOUT);
  }

  private static LineProtocol protocol(String name, TransportOptions options, boolean greet) {
    return new LineProtocol(
        ProtocolConfig.builder().name(name).transportOptions(options).build(),
        greet ? "hello" : null,
        !greet);
  }

  @Test
  void mutualTlsByDefaultLetsBothSidesSeeEachOther() throws Exception {
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build());
        TransportConnection client = connect(server, pki.clientConfig().build())) {
      SSLSession atServer = server.connection().capability(SSLSession.class).orElseThrow();
      assertEquals(TestPki.CLIENT_NAME, atServer.getPeerPrincipal().getName());
      SSLSession atClient = client.capability(SSLSession.class).orElseThrow();
      assertEquals(TestPki.SERVER_NAME, atClient.getPeerPrincipal().getName());
    }
  }

  @Test
  void requiredRefusesAClientWithoutCertificate() throws Exception {
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build())) {
      // TLS 1.3: the client finishes its side before the server looks at its certificate, so
      // connect succeeds and the refusal arrives with the first read.
      try (TransportConnection client = connect(server, anonymousClient())) {
        TlsHandshakeException atClient =
            assertThrows(TlsHandshakeException.class, () -> client.input().read());
        assertEquals(Reason.CERTIFICATE_REJECTED_BY_PEER, atClient.reason());
        assertTrue(
            atClient.getMessage().contains("requires a client certificate and we sent none"),
            atClient.getMessage());
      }
      TlsHandshakeException atServer =
          assertInstanceOf(TlsHandshakeException.class, server.failure());
      assertEquals(Reason.CLIENT_CERTIFICATE_MISSING, atServer.reason());
      assertTrue(atServer.getMessage().contains("sent no certificate"), atServer.getMessage());
    }
  }

  @Test
  void requiredRefusalThroughTheEngineOnBothEnds() throws Exception {
    LineProtocol server =
        protocol("tls-server", TlsTransportOptions.of(pki.serverConfig().build()), true);
    LineProtocol client = protocol("tls-client", TlsTransportOptions.of(anonymousClient()), false);
    TransportAddress address = server.startServer(TransportAddress.parse("tls:127.0.0.1:0"));
    CompletableFuture<ConnectException> serverFailure =
        CompletableFuture.supplyAsync(
            () -> assertThrows(ConnectException.class, () -> server.accept(TIMEOUT)));
    ConnectException atClient =
        assertThrows(ConnectException.class, () -> client.connect(address, TIMEOUT));
    // The client waited for the greeting: the refusal ends that wait, in the session phase.
    assertEquals("Failed to establish session", atClient.phase());
    assertEquals(
        Reason.CERTIFICATE_REJECTED_BY_PEER,
        assertInstanceOf(TlsHandshakeException.class, atClient.getCause()).reason());
    ConnectException atServer = serverFailure.get(10, TimeUnit.SECONDS);
    assertEquals("Failed to establish connection", atServer.phase());
    assertEquals(
        Reason.CLIENT_CERTIFICATE_MISSING,
        assertInstanceOf(TlsHandshakeException.class, atServer.getCause()).reason());
    assertEquals(Runstate.IDLE, server.runstate());
    assertEquals(Runstate.IDLE, client.runstate());
  }

  @Test
  void aClientCertificateFromAnotherCaIsNotEvenSent() throws Exception {
    // JSSE picks a client certificate only among those issued by a CA the server names as
    // accepted, so the server sees none and the client learns why.
    TlsConfig foreign = clientPresenting("other-ca-client-cert.pem");
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build());
        TransportConnection client = connect(server, foreign)) {
      TlsHandshakeException atServer =
          assertInstanceOf(TlsHandshakeException.class, server.failure());
      assertEquals(Reason.CLIENT_CERTIFICATE_MISSING, atServer.reason());
      TlsHandshakeException atClient =
          assertThrows(TlsHandshakeException.class, () -> client.input().read());
      assertEquals(Reason.CERTIFICATE_REJECTED_BY_PEER, atClient.reason());
      assertTrue(
          atClient.getMessage().contains("from a CA it trusts, and ours is not"),
          atClient.getMessage());
    }
  }

  @Test
  void anExpiredClientCertificateIsRefused() throws Exception {
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build());
        TransportConnection client = connect(server, clientPresenting("expired-client-cert.pem"))) {
      TlsHandshakeException atServer =
          assertInstanceOf(TlsHandshakeException.class, server.failure());
      assertEquals(Reason.CERTIFICATE_EXPIRED, atServer.reason(), atServer.getMessage());
      assertTrue(
          atServer.getMessage().contains("the client's certificate '" + TestPki.CLIENT_NAME),
          atServer.getMessage());
      TlsHandshakeException atClient =
          assertThrows(TlsHandshakeException.class, () -> client.input().read());
      assertEquals(Reason.CERTIFICATE_REJECTED_BY_PEER, atClient.reason());
      assertTrue(
          atClient.getMessage().contains("rejected our client certificate"), atClient.getMessage());
    }
  }

  private static TlsConfig clientPresenting(String certificate) {
    return TlsConfig.builder()
        .trustedCertificatesPem(pki.file("ca-cert.pem"))
        .identityPem(pki.file(certificate), pki.file("client-key.pem"))
        .build();
  }

  @Test
  void overTls12TheRefusalFailsTheClientsConnect() throws Exception {
    TlsConfig tls12 =
        TlsConfig.builder()
            .trustedCertificatesPem(pki.file("ca-cert.pem"))
            .protocols("TLSv1.2")
            .build();
    try (TlsTestServer server = TlsTestServer.start(pki.serverConfig().build())) {
      TlsHandshakeException atClient =
          assertThrows(TlsHandshakeException.class, () -> connect(server, tls12));
      assertEquals(Reason.PEER_ABORTED, atClient.reason(), atClient.getMessage());
      assertTrue(atClient.getMessage().contains("handshake_failure"), atClient.getMessage());
      assertTrue(
          atClient.getMessage().contains("requires a client certificate"), atClient.getMessage());
      assertInstanceOf(TlsHandshakeException.class, server.failure());
    }
  }

  @Test
  void optionalAcceptsClientsWithAndWithoutCertificates() throws Exception {
    TlsConfig optional = pki.serverConfig().clientAuth(TlsClientAuth.OPTIONAL).build();
    try (TlsTestServer server = TlsTestServer.start(optional);
        TransportConnection client = connect(server, anonymousClient())) {
      echo(client, server.connection());
      SSLSession session = server.connection().capability(SSLSession.class).orElseThrow();
      assertThrows(SSLPeerUnverifiedException.class, session::getPeerPrincipal);
    }
    try (TlsTestServer server = TlsTestServer.start(optional);
        TransportConnection client = connect(server, pki.clientConfig().build())) {
      echo(client, server.connection());
      SSLSession session = server.connection().capability(SSLSession.class).orElseThrow();
      assertEquals(TestPki.CLIENT_NAME, session.getPeerPrincipal().getName());
    }
  }

  @Test
  void noneDoesNotAskForACertificate() throws Exception {
    TlsConfig none = pki.serverConfig().clientAuth(TlsClientAuth.NONE).build();
    try (TlsTestServer server = TlsTestServer.start(none);
        TransportConnection client = connect(server, pki.clientConfig().build())) {
      echo(client, server.connection());
      SSLSession session = server.connection().capability(SSLSession.class).orElseThrow();
      assertThrows(SSLPeerUnverifiedException.class, session::getPeerPrincipal);
    }
  }

  @Test
  void aServerWithoutCertificateCannotListen() throws Exception {
    TransportOptions options = TlsTransportOptions.of(anonymousClient());
    TlsConfigException e =
        assertThrows(
            TlsConfigException.class,
            () ->
                new TlsTransportProvider()
                    .listen(TransportAddress.parse("tls:127.0.0.1:0"), options));
    assertTrue(e.getMessage().contains("needs a certificate"), e.getMessage());
    LineProtocol server = protocol("tls-no-cert", options, true);
    ConnectException viaEngine =
        assertThrows(ConnectException.class, () -> server.startServer("tls:127.0.0.1:0"));
    assertInstanceOf(TlsConfigException.class, viaEngine.getCause());
    assertEquals(Runstate.IDLE, server.runstate());
  }

  @Test
  void aClientThatNeverSpeaksTimesOutTheAccept() throws Exception {
    TlsConfig impatient = pki.serverConfig().handshakeTimeout(Duration.ofMillis(200)).build();
    try (TlsTestServer server = TlsTestServer.start(impatient);
        Socket silent =
            new Socket(InetAddress.getLoopbackAddress(), server.address().hostPort().port())) {
      TlsHandshakeException e = assertInstanceOf(TlsHandshakeException.class, server.failure());
      assertEquals(Reason.TIMED_OUT, e.reason());
      assertTrue(silent.isConnected());
    }
  }

  private static void echo(TransportConnection client, TransportConnection server)
      throws Exception {
    client.output().write("ping".getBytes(StandardCharsets.UTF_8));
    assertEquals("ping", new String(server.input().readNBytes(4), StandardCharsets.UTF_8));
  }
}
