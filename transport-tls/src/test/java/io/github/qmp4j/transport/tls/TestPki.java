package io.github.qmp4j.transport.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for tests, generated with bcpkix and written as PEM files to a directory: two
 * CAs, and server and client certificates that are good, expired, for another host name, or from
 * the other CA. Nothing is checked in and no openssl runs. Certificates carry the extensions QEMU's
 * GnuTLS checks insist on (CA basic constraints and key usage; leaf key usage with digital
 * signature and key encipherment; server/client extended key usage).
 */
final class TestPki {
  static final String CA_NAME = "CN=qmp4j test CA";
  static final String OTHER_CA_NAME = "CN=qmp4j other test CA";
  static final String SERVER_NAME = "CN=qmp4j test server";
  static final String CLIENT_NAME = "CN=qmp4j test client";
  static final String ELSEWHERE = "elsewhere.test";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate with its key pair. */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  final Path dir;
  final Issued ca;
  final Issued otherCa;
  final Issued server;
  final Issued client;
  final Issued expiredServer;
  final Issued elsewhereServer;
  final Issued otherCaServer;
  final Issued otherCaClient;
  final Issued expiredClient;
  final Issued rsaServer;

  private TestPki(Path dir) throws GeneralSecurityException, IOException {
    this.dir = dir;
    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofHours(1));
    Instant to = now.plus(Duration.ofDays(1));
    ca = authority(CA_NAME, ecKeys(), from, to);
    otherCa = authority(OTHER_CA_NAME, ecKeys(), from, to);
    KeyPair serverKeys = ecKeys();
    List<GeneralName> local =
        List.of(
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost"));
    server = leaf(SERVER_NAME, serverKeys, ca, from, to, local);
    client = leaf(CLIENT_NAME, ecKeys(), ca, from, to, List.of());
    expiredServer =
        leaf(
            SERVER_NAME,
            serverKeys,
            ca,
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1)),
            local);
    elsewhereServer =
        leaf(
            SERVER_NAME,
            serverKeys,
            ca,
            from,
            to,
            List.of(new GeneralName(GeneralName.dNSName, ELSEWHERE)));
    otherCaServer = leaf(SERVER_NAME, serverKeys, otherCa, from, to, local);
    otherCaClient = leaf(CLIENT_NAME, client.keys(), otherCa, from, to, List.of());
    expiredClient =
        leaf(
            CLIENT_NAME,
            client.keys(),
            ca,
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1)),
            List.of());
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    rsaServer = leaf(SERVER_NAME, rsa.generateKeyPair(), ca, from, to, local);
  }

  /** Generates the PKI and writes every certificate and key as PEM into {@code dir}. */
  static TestPki create(Path dir) throws GeneralSecurityException, IOException {
    TestPki pki = new TestPki(dir);
    pki.writeCertificate("ca-cert.pem", pki.ca);
    pki.writeCertificate("other-ca-cert.pem", pki.otherCa);
    pki.writeCertificate("server-cert.pem", pki.server);
    pki.writeKey("server-key.pem", pki.server.keys());
    pki.writeCertificate("client-cert.pem", pki.client);
    pki.writeKey("client-key.pem", pki.client.keys());
    pki.writeCertificate("expired-server-cert.pem", pki.expiredServer);
    pki.writeCertificate("elsewhere-server-cert.pem", pki.elsewhereServer);
    pki.writeCertificate("other-ca-server-cert.pem", pki.otherCaServer);
    pki.writeCertificate("other-ca-client-cert.pem", pki.otherCaClient);
    pki.writeCertificate("expired-client-cert.pem", pki.expiredClient);
    pki.writeCertificate("rsa-server-cert.pem", pki.rsaServer);
    pki.writeKey("rsa-server-key.pem", pki.rsaServer.keys());
    return pki;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** Trusts the test CA and presents the server certificate (valid for both ends). */
  TlsConfig.Builder serverConfig() {
    return TlsConfig.builder()
        .trustedCertificatesPem(file("ca-cert.pem"))
        .identityPem(file("server-cert.pem"), file("server-key.pem"));
  }

  /** Trusts the test CA and presents the client certificate. */
  TlsConfig.Builder clientConfig() {
    return TlsConfig.builder()
        .trustedCertificatesPem(file("ca-cert.pem"))
        .identityPem(file("client-cert.pem"), file("client-key.pem"));
  }

  /**
   * Fills a directory the way QEMU's {@code tls-creds-x509,endpoint=server} wants it.
   *
   * @param qemuDir the directory for QEMU's {@code dir=} option
   * @param serverCertificate which server certificate to present (a file name in this PKI)
   */
  void writeQemuServerDir(Path qemuDir, String serverCertificate) throws IOException {
    Files.createDirectories(qemuDir);
    Files.copy(file("ca-cert.pem"), qemuDir.resolve("ca-cert.pem"));
    Files.copy(file(serverCertificate), qemuDir.resolve("server-cert.pem"));
    Files.copy(file("server-key.pem"), qemuDir.resolve("server-key.pem"));
  }

  /**
   * Writes a key the way openssl's traditional format does: PKCS#1 ({@code RSA PRIVATE KEY}), or
   * SEC1 ({@code EC PRIVATE KEY}) naming its curve unless {@code withCurve} is false.
   */
  Path writeTraditionalKey(String name, KeyPair keys, boolean withCurve) throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    if (keys.getPrivate() instanceof ECPrivateKey ec) {
      return write(name, pem("EC PRIVATE KEY", sec1(ec, info, withCurve, keys).getEncoded()));
    }
    return write(
        name, pem("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
  }

  private void writeCertificate(String name, Issued issued)
      throws IOException, GeneralSecurityException {
    write(name, pem("CERTIFICATE", issued.certificate().getEncoded()));
  }

  /**
   * Writes a key as PKCS#8 ({@code PRIVATE KEY}). An EC key carries its public key inside, as
   * openssl writes it: GnuTLS (QEMU) cannot load an EC key without it, and the JDK leaves it out.
   */
  private void writeKey(String name, KeyPair keys) throws IOException {
    PrivateKey key = keys.getPrivate();
    byte[] der = key.getEncoded();
    if (key instanceof ECPrivateKey ec) {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
      der =
          new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), sec1(ec, info, true, keys))
              .getEncoded();
    }
    write(name, pem("PRIVATE KEY", der));
  }

  private static org.bouncycastle.asn1.sec.ECPrivateKey sec1(
      ECPrivateKey key, PrivateKeyInfo info, boolean withCurve, KeyPair keys) {
    return new org.bouncycastle.asn1.sec.ECPrivateKey(
        key.getParams().getOrder().bitLength(),
        key.getS(),
        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
        withCurve ? info.getPrivateKeyAlgorithm().getParameters() : null);
  }

  Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static Issued authority(String name, KeyPair keys, Instant from, Instant to)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder = builder(new X500Name(name), name, keys, from, to);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Issued(sign(builder, keys.getPrivate()), keys);
  }

  private static Issued leaf(
      String name, KeyPair keys, Issued issuer, Instant from, Instant to, List<GeneralName> names)
      throws GeneralSecurityException, IOException {
    X500Name issuerName =
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    X509v3CertificateBuilder builder = builder(issuerName, name, keys, from, to);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        utils.createAuthorityKeyIdentifier(issuer.certificate()));
    if (!names.isEmpty()) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
    }
    return new Issued(sign(builder, issuer.keys().getPrivate()), keys);
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, String subject, KeyPair keys, Instant from, Instant to)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, RANDOM).add(BigInteger.ONE),
            Date.from(from),
            Date.from(to),
            new X500Name(subject),
            keys.getPublic());
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
