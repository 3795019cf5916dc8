package io.github.qmp4j.transport.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Object;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Turns a PEM private-key block into a JDK {@link PrivateKey}: PKCS#8 ({@code PRIVATE KEY}) through
 * the JDK's {@link KeyFactory}; PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY})
 * by first wrapping them into PKCS#8 with bcprov's ASN.1 classes. Encrypted keys are refused with a
 * message saying how to decrypt them.
 */
final class PrivateKeyDecoder {
  /** PKCS#8 algorithm OIDs to JDK KeyFactory names. */
  private static final Map<String, String> ALGORITHMS =
      Map.of(
          "1.2.840.113549.1.1.1", "RSA",
          "1.2.840.113549.1.1.10", "RSASSA-PSS",
          "1.2.840.10045.2.1", "EC",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448",
          "1.2.840.10040.4.1", "DSA");

  private PrivateKeyDecoder() {}

  /** Tells whether a block holds a private key of a kind this class knows. */
  static boolean isPrivateKey(PemBlock block) {
    return switch (block.type()) {
      case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> true;
      default -> false;
    };
  }

  /**
   * Decodes a private-key block.
   *
   * @param block a block for which {@link #isPrivateKey} holds
   * @param source the file, for messages
   * @return the key
   * @throws TlsConfigException when the key is encrypted, malformed or of an unknown algorithm
   */
  static PrivateKey decode(PemBlock block, String source) {
    if (block.encrypted() || block.type().equals("ENCRYPTED PRIVATE KEY")) {
      throw new TlsConfigException(
          "The private key in "
              + source
              + " is encrypted; qmp4j reads unencrypted PEM keys only. Decrypt it (openssl pkey"
              + " -in KEY -out PLAIN) or put it in a KeyStore and use identityStore(...)",
          null);
    }
    try {
      byte[] pkcs8 =
          switch (block.type()) {
            case "RSA PRIVATE KEY" -> fromPkcs1(block.der());
            case "EC PRIVATE KEY" -> fromSec1(block.der(), source);
            default -> block.der();
          };
      String oid =
          PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm().getId();
      String algorithm = ALGORITHMS.getOrDefault(oid, oid);
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new TlsConfigException(
          "Cannot read the " + block.type() + " in " + source + ": " + e.getMessage(), e);
    }
  }

  private static byte[] fromPkcs1(byte[] der) throws IOException {
    AlgorithmIdentifier rsa =
        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    return new PrivateKeyInfo(rsa, ASN1Primitive.fromByteArray(der)).getEncoded();
  }

  private static byte[] fromSec1(byte[] der, String source) throws IOException {
    ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
    ASN1Object curve = sec1.getParametersObject();
    if (curve == null) {
      throw new TlsConfigException(
          "The EC PRIVATE KEY in "
              + source
              + " does not name its curve; convert it to PKCS#8"
              + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8)",
          null);
    }
    AlgorithmIdentifier ec = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
    return new PrivateKeyInfo(ec, sec1).getEncoded();
  }
}
