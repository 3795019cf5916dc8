package io.github.qmp4j.transport.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a private key belongs to a certificate by signing and verifying a probe, so that a
 * mixed-up key file fails when the settings are built, with the file names, and not later as an
 * obscure {@code decrypt_error} in the middle of a handshake.
 */
final class KeyPairCheck {
  private static final byte[] PROBE = "qmp4j key pair check".getBytes(StandardCharsets.US_ASCII);

  private KeyPairCheck() {}

  /**
   * Fails when the key does not match the certificate; passes for algorithms it cannot test.
   *
   * @param key the private key
   * @param certificate the leaf certificate
   * @param source the files, for the message
   * @throws TlsConfigException when the key does not belong to the certificate
   */
  static void requireMatch(PrivateKey key, X509Certificate certificate, String source) {
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm == null) {
      return;
    }
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(PROBE);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // Different key types (an EC key for an RSA certificate) land here.
      matches = false;
    }
    if (!matches) {
      throw new TlsConfigException(
          "The private key does not belong to the certificate '"
              + certificate.getSubjectX500Principal().getName()
              + "' ("
              + source
              + ")",
          null);
    }
  }

  private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      case "ED25519", "ED448", "EDDSA" -> "EdDSA";
      default -> null;
    };
  }
}
