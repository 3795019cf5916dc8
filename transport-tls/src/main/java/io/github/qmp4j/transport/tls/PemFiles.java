package io.github.qmp4j.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads certificates and private keys from PEM files; every failure names the file. */
final class PemFiles {
  private PemFiles() {}

  /**
   * Reads every {@code CERTIFICATE} block of a file, in order (a chain starts with the leaf).
   *
   * @param file the PEM file
   * @return at least one certificate
   * @throws TlsConfigException when the file cannot be read or holds no valid certificate
   */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (PemBlock block : blocks(file)) {
        if (block.type().equals("CERTIFICATE")) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new TlsConfigException(
          "Cannot read a certificate in " + file + ": " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new TlsConfigException("No certificate (-----BEGIN CERTIFICATE-----) in " + file, null);
    }
    return List.copyOf(certificates);
  }

  /**
   * Reads the one private key of a file.
   *
   * @param file the PEM file
   * @return the key
   * @throws TlsConfigException when the file cannot be read, holds no key or several, or the key is
   *     encrypted or malformed
   */
  static PrivateKey privateKey(Path file) {
    List<PemBlock> keys = new ArrayList<>();
    for (PemBlock block : blocks(file)) {
      if (PrivateKeyDecoder.isPrivateKey(block)) {
        keys.add(block);
      }
    }
    if (keys.size() != 1) {
      throw new TlsConfigException(
          (keys.isEmpty() ? "No private key" : "More than one private key")
              + " (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) in "
              + file,
          null);
    }
    return PrivateKeyDecoder.decode(keys.get(0), file.toString());
  }

  private static List<PemBlock> blocks(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TlsConfigException("Cannot read " + file + ": " + e, e);
    }
    try {
      return PemBlock.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TlsConfigException("Malformed PEM in " + file + ": " + e.getMessage(), e);
    }
  }
}
