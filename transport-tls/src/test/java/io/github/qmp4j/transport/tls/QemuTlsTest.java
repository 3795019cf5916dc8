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
import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.transport.tls.TlsHandshakeException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Against real QEMU: a TLS monitor ({@code tls-creds-x509,endpoint=server,verify-peer=on}) with
 * certificates from {@link TestPki}. Our client completes a QMP exchange with a client certificate;
 * an untrusted CA, a certificate for another host name and a missing client certificate are each
 * refused with a cause that says so.
 */
@Timeout(60)
class QemuTlsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path pkiDir;
  private static TestPki pki;

  @BeforeAll
  static void createPki() throws Exception {
    pki = TestPki.create(pkiDir);
  }

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    Eventually.noEngineThreads();
  }

  /** A QEMU with a TLS QMP monitor on 127.0.0.1:port. */
  private record Qemu(QemuProcess process, int port) implements AutoCloseable {
    TransportAddress address() {
      return TransportAddress.parse("tls:127.0.0.1:" + port);
    }

    @Override
    public void close() throws IOException, InterruptedException {
      process.close();
    }
  }

  private static Qemu startQemu(String serverCertificate) throws Exception {
    QemuProcess.assumeAvailable();
    Path dir = QemuProcess.newTempDir();
    Path credentials = dir.resolve("tls");
    pki.writeQemuServerDir(credentials, serverCertificate);
    int port = freePort();
    QemuProcess process =
        QemuProcess.start(
            dir,
            List.of(
                "-object",
                "tls-creds-x509,id=tls0,dir=" + credentials + ",endpoint=server,verify-peer=on",
                "-chardev",
                "socket,id=mon0,host=127.0.0.1,port=" + port + ",server=on,wait=off,tls-creds=tls0",
                "-mon",
                "chardev=mon0,mode=control",
                "-machine",
                "none"));
    Qemu qemu = new Qemu(process, port);
    try {
      Eventually.waitFor(
          "QEMU to listen on port " + port,
          Duration.ofSeconds(20),
          () -> {
            if (!process.process().isAlive()) {
              throw new AssertionError("QEMU exited: " + process.output());
            }
            return accepts(port);
          });
      return qemu;
    } catch (Throwable e) {
      qemu.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Tells whether a plain TCP connect succeeds; QEMU drops the aborted TLS session and relistens.
   */
  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Trusts a CA, optionally presenting the client certificate. Always with single-byte records: the
   * QEMU here may be older than 8.0 (Debian 12 has 7.2), and newer ones take them as well.
   */
  private static TlsConfig trusting(String caFile, boolean withClientCertificate) {
    TlsConfig.Builder b =
        TlsConfig.builder().trustedCertificatesPem(pki.file(caFile)).singleByteRecords(true);
    if (withClientCertificate) {
      b.identityPem(pki.file("client-cert.pem"), pki.file("client-key.pem"));
    }
    return b.build();
  }

  private static JsonNode readJson(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new AssertionError("QEMU closed the monitor");
    }
    return JSON.readTree(line);
  }

  private static void send(TransportConnection connection, String json) throws IOException {
    connection.output().write(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void qmpOverTlsWithAClientCertificate() throws Exception {
    try (Qemu qemu = startQemu("server-cert.pem");
        TransportConnection connection =
            new TlsTransportProvider()
                .connect(
                    qemu.address(),
                    TlsTransportOptions.of(trusting("ca-cert.pem", true)),
                    TIMEOUT)) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(connection.input(), StandardCharsets.UTF_8));
      JsonNode greeting = readJson(in);
      SSLSession session = connection.capability(SSLSession.class).orElseThrow();
      assertEquals(TestPki.SERVER_NAME, session.getPeerPrincipal().getName());
      JsonNode version = greeting.path("QMP").path("version");
      assertTrue(version.path("qemu").path("major").isInt(), greeting.toString());
      send(connection, "{\"execute\":\"qmp_capabilities\"}");
      assertEquals(JSON.readTree("{\"return\":{}}"), readJson(in));
      send(connection, "{\"execute\":\"query-version\",\"id\":\"v1\"}");
      JsonNode reply = readJson(in);
      assertEquals("v1", reply.path("id").asString(), reply.toString());
      assertEquals(version, reply.path("return"));
    }
  }

  /** A line protocol that expects QEMU's greeting line before the session counts as up. */
  private static LineProtocol protocol(String name, TlsConfig config) {
    return new LineProtocol(
        ProtocolConfig.builder()
            .name(name)
            .transportOptions(TlsTransportOptions.of(config))
            .build(),
        null,
        true);
  }

  private static TlsHandshakeException refusedThroughEngine(Qemu qemu, TlsConfig config) {
    LineProtocol client = protocol("qemu-tls", config);
    ConnectException e =
        assertThrows(ConnectException.class, () -> client.connect(qemu.address(), TIMEOUT));
    assertEquals(Runstate.IDLE, client.runstate());
    return assertInstanceOf(TlsHandshakeException.class, e.getCause(), e.toString());
  }

  @Test
  void anUntrustedCaIsRefusedAndQemuKeepsServingOthers() throws Exception {
    try (Qemu qemu = startQemu("server-cert.pem")) {
      TlsHandshakeException e = refusedThroughEngine(qemu, trusting("other-ca-cert.pem", true));
      assertEquals(Reason.UNTRUSTED_CERTIFICATE, e.reason());
      assertTrue(
          e.getMessage().contains("it was issued by '" + TestPki.CA_NAME + "'"), e.getMessage());
      try (TransportConnection good =
          new TlsTransportProvider()
              .connect(
                  qemu.address(), TlsTransportOptions.of(pki.clientConfig().build()), TIMEOUT)) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(good.input(), StandardCharsets.UTF_8));
        assertTrue(readJson(in).has("QMP"));
      }
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    try (Qemu qemu = startQemu("elsewhere-server-cert.pem")) {
      TlsHandshakeException e = refusedThroughEngine(qemu, trusting("ca-cert.pem", true));
      assertEquals(Reason.HOST_NAME_MISMATCH, e.reason());
      assertTrue(e.getMessage().contains("not valid for '127.0.0.1'"), e.getMessage());
      assertTrue(e.getMessage().contains("DNS:" + TestPki.ELSEWHERE), e.getMessage());
    }
  }

  @Test
  void anEngineSessionRunsOverTlsToQemu() throws Exception {
    try (Qemu qemu = startQemu("server-cert.pem")) {
      LineProtocol client = protocol("qemu-session", trusting("ca-cert.pem", true));
      client.connect(qemu.address(), TIMEOUT);
      assertTrue(client.take(TIMEOUT).startsWith("{\"QMP\": "));
      client.sendLine("{\"execute\":\"qmp_capabilities\"}");
      assertEquals("{\"return\": {}}", client.take(TIMEOUT).strip());
      client.disconnect();
      assertEquals(Runstate.IDLE, client.runstate());
    }
  }

  @Test
  void qemuRefusesAClientWithoutCertificate() throws Exception {
    try (Qemu qemu = startQemu("server-cert.pem")) {
      LineProtocol client = protocol("qemu-anonymous", trusting("ca-cert.pem", false));
      ConnectException e =
          assertThrows(ConnectException.class, () -> client.connect(qemu.address(), TIMEOUT));
      // QEMU checks the client certificate after its handshake and then just hangs up, so the
      // refusal shows while waiting for the greeting.
      assertEquals("Failed to establish session", e.phase());
      TlsHandshakeException cause = assertInstanceOf(TlsHandshakeException.class, e.getCause());
      assertEquals(Reason.PEER_CLOSED, cause.reason());
      assertTrue(cause.getMessage().contains("ended before any data"), cause.getMessage());
      assertTrue(cause.getMessage().contains("verify-peer=on"), cause.getMessage());
    }
  }
}
