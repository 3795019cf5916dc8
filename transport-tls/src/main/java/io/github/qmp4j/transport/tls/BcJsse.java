package io.github.qmp4j.transport.tls;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The one BouncyCastle JSSE provider instance this module uses. It is handed to {@code
 * getInstance(algorithm, provider)} calls and never added to {@link java.security.Security}, so the
 * application's own TLS (and every other library's) stays on whatever provider it chose.
 *
 * <p>Its TLS crypto runs on a BouncyCastle JCA provider instance (bcprov), likewise never
 * installed. On the JDK's own JCA providers, BouncyCastle's TLS 1.3 finds no RSA-PSS signature and
 * fails every handshake with an RSA certificate ("no selectable cipher suite"), and RSA is what
 * QEMU's documented {@code certtool} setup makes. It is also faster here than the JCA path.
 */
final class BcJsse {
  private BcJsse() {}

  /** Returns the shared provider. */
  static Provider provider() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final Provider INSTANCE = new BouncyCastleJsseProvider(new BouncyCastleProvider());
  }
}
