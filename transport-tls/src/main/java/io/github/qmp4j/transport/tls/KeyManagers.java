package io.github.qmp4j.transport.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** Builds the key managers of a {@link TlsConfig}: the certificate this end presents. */
final class KeyManagers {
  private static final char[] NO_PASSWORD = new char[0];

  private KeyManagers() {}

  /**
   * Returns key managers presenting one key and its chain.
   *
   * @param key the private key
   * @param chain the certificate chain, leaf first
   * @return the key managers
   * @throws TlsConfigException when the key store or factory fails
   */
  static KeyManager[] of(PrivateKey key, List<X509Certificate> chain) {
    try {
      KeyStore store = InMemoryKeyStore.create();
      store.setKeyEntry("identity", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
      return of(store, NO_PASSWORD);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigException("Cannot use the private key and certificate: " + e, e);
    }
  }

  /**
   * Returns key managers presenting the key entries of a store.
   *
   * @param store the store
   * @param password the password of its key entries
   * @return the key managers
   * @throws TlsConfigException when the store holds no key entry or cannot be read
   */
  static KeyManager[] of(KeyStore store, char[] password) {
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new TlsConfigException("The identity key store holds no private key entry", null);
      }
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", BcJsse.provider());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new TlsConfigException("Cannot read the identity key store: " + e, e);
    }
  }
}
