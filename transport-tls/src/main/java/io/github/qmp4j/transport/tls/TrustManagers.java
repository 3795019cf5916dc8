package io.github.qmp4j.transport.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the trust manager of a {@link TlsConfig}: whom a peer's certificate must chain to. */
final class TrustManagers {
  private TrustManagers() {}

  /**
   * Returns a PKIX trust manager from BouncyCastle's provider, wrapped to explain refusals.
   *
   * @param certificates CA certificates to trust
   * @param stores key stores whose certificate entries are trusted as well
   * @return the trust manager; with neither certificates nor stores, the JDK's default CAs
   * @throws TlsConfigException when a store cannot be read or the factory fails
   */
  static TrustManager verifying(List<X509Certificate> certificates, List<KeyStore> stores) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", BcJsse.provider());
      if (certificates.isEmpty() && stores.isEmpty()) {
        factory.init((KeyStore) null);
      } else {
        factory.init(anchors(certificates, stores));
      }
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return new DiagnosingTrustManager(x509);
        }
      }
      throw new TlsConfigException("BouncyCastle offers no X.509 trust manager", null);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigException("Cannot set up the trusted certificates: " + e, e);
    }
  }

  /** Returns the trust manager of {@link TlsConfig.Builder#insecureTrustAllCertificates()}. */
  static TrustManager insecureTrustAll() {
    return new InsecureTrustAllManager();
  }

  private static KeyStore anchors(List<X509Certificate> certificates, List<KeyStore> stores)
      throws GeneralSecurityException {
    List<X509Certificate> all = new ArrayList<>(certificates);
    for (KeyStore store : stores) {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias)
            && store.getCertificate(alias) instanceof X509Certificate certificate) {
          all.add(certificate);
        }
      }
    }
    KeyStore anchors = InMemoryKeyStore.create();
    for (int i = 0; i < all.size(); i++) {
      anchors.setCertificateEntry("ca-" + i, all.get(i));
    }
    return anchors;
  }
}
