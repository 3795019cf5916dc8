package io.github.qmp4j.transport.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Creates the empty in-memory key stores that feed PEM material to the JSSE factories. */
final class InMemoryKeyStore {
  private InMemoryKeyStore() {}

  static KeyStore create() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      // load(null, ...) reads nothing; an IOException here would be a JDK bug.
      throw new GeneralSecurityException("Cannot create an empty key store", e);
    }
    return store;
  }
}
