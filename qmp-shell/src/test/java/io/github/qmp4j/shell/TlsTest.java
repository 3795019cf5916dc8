package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.transport.tls.TlsClientAuth;
import io.github.qmp4j.transport.tls.TlsConfig;
import io.github.qmp4j.transport.tls.TlsTransportOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tls:} addresses and the {@code --tls-*} options, against the fake as a TLS server. */
class TlsTest {
  private static TestPki pki;
  private static final FakeQmpServer fake = new FakeQmpServer();
  private static String address = "";

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.shared();
    fake.transportOptions(
        TlsTransportOptions.of(
            TlsConfig.builder()
                .identityPem(pki.serverCert(), pki.serverKey())
                .trustedCertificatesPem(pki.ca())
                .clientAuth(TlsClientAuth.REQUIRED)
                .build()));
    address = fake.start("tls:127.0.0.1:0").toString();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void mutualTlsWithTheCaAndAClientCertificate() {
    Tool.Result r =
        Tool.run(
            "exec",
            "-a",
            address,
            "--tls-ca",
            pki.ca().toString(),
            "--tls-cert",
            pki.clientCert().toString(),
            "--tls-key",
            pki.clientKey().toString(),
            "query-status");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"status\":\"running\""), r.out());
  }

  @Test
  void anUntrustedServerIsRefusedInOneLine() {
    Tool.Result r =
        Tool.run(
            "exec",
            "-a",
            address,
            "--tls-cert",
            pki.clientCert().toString(),
            "--tls-key",
            pki.clientKey().toString(),
            "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: cannot connect to " + address), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aClientWithoutCertificateIsRefusedByTheServer() {
    Tool.Result r =
        Tool.run(
            "exec",
            "-a",
            address,
            "--tls-ca",
            pki.ca().toString(),
            "--timeout",
            "10s",
            "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: "), r.err());
  }

  @Test
  void aCertificateNeedsItsKey() {
    Tool.Result r =
        Tool.run("exec", "-a", address, "--tls-cert", pki.clientCert().toString(), "query-status");
    assertEquals(2, r.code(), r.toString());
    assertEquals("qmp4j: --tls-cert and --tls-key go together\n", r.err());
  }
}
