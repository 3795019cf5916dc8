package io.github.qmp4j.transport.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.TransportConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building {@link TlsConfig}: every supported form of trust material and identity serves a real
 * handshake, and every broken input fails {@link TlsConfig.Builder#build()} with a message that
 * names the file and says what is wrong.
 */
class TlsConfigTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void createPki() throws Exception {
    pki = TestPki.create(dir);
  }

  /** Runs a handshake and returns the certificate the client saw. */
  private static X509Certificate serverCertificateSeen(TlsConfig server, TlsConfig client)
      throws Exception {
    try (TlsTestServer s = TlsTestServer.start(server);
        TransportConnection c =
            new TlsTransportProvider()
                .connect(s.address(), TlsTransportOptions.of(client), TIMEOUT)) {
      s.connection();
      SSLSession session = c.capability(SSLSession.class).orElseThrow();
      return (X509Certificate) session.getPeerCertificates()[0];
    }
  }

  private static TlsConfig.Builder server(String certificate, Path key) {
    return TlsConfig.builder()
        .identityPem(pki.file(certificate), key)
        .clientAuth(TlsClientAuth.NONE);
  }

  private static TlsConfig trustingTestCa() {
    return TlsConfig.builder().trustedCertificatesPem(pki.file("ca-cert.pem")).build();
  }

  private static TlsConfigException buildFails(TlsConfig.Builder builder) {
    return assertThrows(TlsConfigException.class, builder::build);
  }

  @Test
  void rsaKeysInPkcs1AndPkcs8ServeAHandshake() throws Exception {
    Path pkcs1 = pki.writeTraditionalKey("rsa-pkcs1.pem", pki.rsaServer.keys(), true);
    assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    X509Certificate seen =
        serverCertificateSeen(server("rsa-server-cert.pem", pkcs1).build(), trustingTestCa());
    assertEquals("RSA", seen.getPublicKey().getAlgorithm());
    assertEquals(pki.rsaServer.certificate(), seen);
    assertTrue(server("rsa-server-cert.pem", pki.file("rsa-server-key.pem")).build().hasIdentity());
  }

  @Test
  void ecKeyInSec1FormServesAHandshake() throws Exception {
    Path sec1 = pki.writeTraditionalKey("ec-sec1.pem", pki.server.keys(), true);
    assertTrue(Files.readString(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----"));
    X509Certificate seen =
        serverCertificateSeen(server("server-cert.pem", sec1).build(), trustingTestCa());
    assertEquals(pki.server.certificate(), seen);
    Path curveless = pki.writeTraditionalKey("ec-sec1-no-curve.pem", pki.server.keys(), false);
    TlsConfigException e = buildFails(server("server-cert.pem", curveless));
    assertTrue(e.getMessage().contains("does not name its curve"), e.getMessage());
  }

  @Test
  void keyStoresServeMutualTls() throws Exception {
    char[] password = "secret".toCharArray();
    KeyStore identity = KeyStore.getInstance("PKCS12");
    identity.load(null, null);
    identity.setKeyEntry(
        "client",
        pki.client.keys().getPrivate(),
        password,
        new X509Certificate[] {pki.client.certificate()});
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca.certificate());
    TlsConfig client =
        TlsConfig.builder().trustStore(trust).identityStore(identity, password).build();
    try (TlsTestServer s = TlsTestServer.start(pki.serverConfig().build());
        TransportConnection c =
            new TlsTransportProvider()
                .connect(s.address(), TlsTransportOptions.of(client), TIMEOUT)) {
      SSLSession atServer = s.connection().capability(SSLSession.class).orElseThrow();
      assertEquals(TestPki.CLIENT_NAME, atServer.getPeerPrincipal().getName());
      assertTrue(c.capability(SSLSession.class).isPresent());
    }
  }

  @Test
  void objectsServeLikeFiles() throws Exception {
    TlsConfig server =
        TlsConfig.builder()
            .identity(pki.server.keys().getPrivate(), pki.server.certificate())
            .clientAuth(TlsClientAuth.NONE)
            .build();
    TlsConfig client = TlsConfig.builder().trustedCertificates(pki.ca.certificate()).build();
    assertEquals(pki.server.certificate(), serverCertificateSeen(server, client));
  }

  @Test
  void everyTrustedCaIsTrustedAndTextAroundBlocksIsIgnored() throws Exception {
    String bundle =
        "Bag Attributes\n    friendlyName: test CA\n"
            + Files.readString(pki.file("ca-cert.pem"))
            + "# the other one\n"
            + Files.readString(pki.file("other-ca-cert.pem"));
    TlsConfig client =
        TlsConfig.builder().trustedCertificatesPem(pki.write("bundle.pem", bundle)).build();
    assertEquals(
        pki.server.certificate(),
        serverCertificateSeen(
            server("server-cert.pem", pki.file("server-key.pem")).build(), client));
    assertEquals(
        pki.otherCaServer.certificate(),
        serverCertificateSeen(
            server("other-ca-server-cert.pem", pki.file("server-key.pem")).build(), client));
    assertTrue(client.toString().contains("trust=2 CA certificate(s)"), client.toString());
  }

  @Test
  void encryptedKeysAreRefusedWithAHint() throws Exception {
    byte[] noise = new byte[64];
    new Random(1).nextBytes(noise);
    Path pkcs8 = pki.write("encrypted.pem", TestPki.pem("ENCRYPTED PRIVATE KEY", noise));
    TlsConfigException e = buildFails(server("server-cert.pem", pkcs8));
    assertTrue(e.getMessage().contains(pkcs8 + " is encrypted"), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkey"), e.getMessage());
    Path legacy =
        pki.write(
            "legacy.pem",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
                + Base64.getEncoder().encodeToString(noise)
                + "\n-----END RSA PRIVATE KEY-----\n");
    assertTrue(buildFails(server("server-cert.pem", legacy)).getMessage().contains("encrypted"));
  }

  @Test
  void missingAndMisplacedFilesAreNamed() {
    Path missing = dir.resolve("no-such-ca.pem");
    TlsConfigException noFile = buildFails(TlsConfig.builder().trustedCertificatesPem(missing));
    assertTrue(noFile.getMessage().contains("Cannot read " + missing), noFile.getMessage());
    TlsConfigException keyAsCa =
        buildFails(TlsConfig.builder().trustedCertificatesPem(pki.file("server-key.pem")));
    assertTrue(keyAsCa.getMessage().startsWith("No certificate"), keyAsCa.getMessage());
    TlsConfigException certAsKey = buildFails(server("server-cert.pem", pki.file("ca-cert.pem")));
    assertTrue(certAsKey.getMessage().startsWith("No private key"), certAsKey.getMessage());
    assertTrue(certAsKey.getMessage().endsWith(pki.file("ca-cert.pem").toString()));
  }

  @Test
  void malformedPemIsRefused() throws Exception {
    Path broken =
        pki.write("broken.pem", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
    TlsConfigException e = buildFails(TlsConfig.builder().trustedCertificatesPem(broken));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    TlsConfigException e = buildFails(server("client-cert.pem", pki.file("server-key.pem")));
    assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    assertTrue(e.getMessage().contains(TestPki.CLIENT_NAME), e.getMessage());
    assertTrue(e.getMessage().contains("server-key.pem"), e.getMessage());
  }

  @Test
  void conflictingSettingsAreRefused() {
    assertTrue(
        buildFails(
                TlsConfig.builder()
                    .insecureTrustAllCertificates()
                    .trustedCertificatesPem(pki.file("ca-cert.pem")))
            .getMessage()
            .contains("use one or the other"));
    assertTrue(
        buildFails(
                server("server-cert.pem", pki.file("server-key.pem"))
                    .identity(pki.client.keys().getPrivate(), pki.client.certificate()))
            .getMessage()
            .contains("Choose one of"));
    assertTrue(
        buildFails(TlsConfig.builder().protocols("TLSv1.9"))
            .getMessage()
            .contains("Unknown TLS protocol 'TLSv1.9'"));
    assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().serverName(" "));
    assertThrows(
        IllegalArgumentException.class, () -> TlsConfig.builder().handshakeTimeout(Duration.ZERO));
  }

  @Test
  void defaultsAreSecureAndDescribed() {
    TlsConfig defaults = TlsConfig.defaults();
    assertTrue(defaults.verifiesPeer());
    assertFalse(defaults.hasIdentity());
    assertEquals(TlsClientAuth.REQUIRED, defaults.clientAuth());
    assertEquals(TlsConfig.DEFAULT_PROTOCOLS, defaults.protocols());
    assertTrue(defaults.toString().contains("trust=JDK default CAs"), defaults.toString());
    TlsConfig client = pki.clientConfig().build();
    assertTrue(client.toString().contains("identity=" + pki.file("client-cert.pem")));
    TlsConfig insecure = TlsConfig.builder().insecureTrustAllCertificates().build();
    assertFalse(insecure.verifiesPeer());
    assertTrue(insecure.toString().contains("INSECURE"), insecure.toString());
  }
}
