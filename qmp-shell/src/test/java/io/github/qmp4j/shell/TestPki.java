package io.github.qmp4j.shell;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates made at test time, in the files QEMU's {@code tls-creds-x509} reads from
 * its directory: {@code ca-cert.pem}, {@code server-cert.pem} and {@code server-key.pem} (for
 * 127.0.0.1), and {@code client-cert.pem} and {@code client-key.pem}. RSA keys in PKCS#8, which
 * both GnuTLS and the TLS transport read.
 */
final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  Path ca() {
    return dir.resolve("ca-cert.pem");
  }

  Path serverCert() {
    return dir.resolve("server-cert.pem");
  }

  Path serverKey() {
    return dir.resolve("server-key.pem");
  }

  Path clientCert() {
    return dir.resolve("client-cert.pem");
  }

  Path clientKey() {
    return dir.resolve("client-key.pem");
  }

  private static TestPki shared;

  /**
   * One set for the whole test run (RSA keys are slow to make on a small VM), in a private
   * temporary directory removed when the JVM exits.
   */
  static synchronized TestPki shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("qmp4j-pki-");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (var files = Files.list(dir)) {
                      for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                      }
                      Files.deleteIfExists(dir);
                    } catch (java.io.IOException e) {
                      // best effort at exit
                    }
                  }));
      shared = create(dir);
    }
    return shared;
  }

  static TestPki create(Path dir) throws Exception {
    KeyPair caKeys = rsa();
    X500Name caName = new X500Name("CN=qmp4j test CA");
    JcaX509v3CertificateBuilder ca = builder(caName, caName, caKeys);
    ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    ca.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate caCert = sign(ca, caKeys.getPrivate());
    write(dir.resolve("ca-cert.pem"), "CERTIFICATE", caCert.getEncoded());
    leaf(dir, "server", caName, caKeys.getPrivate(), KeyPurposeId.id_kp_serverAuth);
    leaf(dir, "client", caName, caKeys.getPrivate(), KeyPurposeId.id_kp_clientAuth);
    return new TestPki(dir);
  }

  private static void leaf(
      Path dir, String role, X500Name issuer, PrivateKey caKey, KeyPurposeId purpose)
      throws Exception {
    KeyPair keys = rsa();
    JcaX509v3CertificateBuilder b = builder(issuer, new X500Name("CN=qmp4j test " + role), keys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    write(dir.resolve(role + "-cert.pem"), "CERTIFICATE", sign(b, caKey).getEncoded());
    write(dir.resolve(role + "-key.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIALS.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static void write(Path file, String type, byte[] der) throws Exception {
    String pem =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }
}
