package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.transport.TransportOption;
import io.github.qmp4j.protocol.transport.TransportOptions;

/**
 * The {@link TransportOption} keys the {@code tls:} transport reads. Without a {@link #CONFIG}, a
 * client trusts the JDK's default CA certificates and verifies host names, and a server cannot
 * start (it has no certificate).
 *
 * <pre>{@code
 * TransportOptions options = TlsTransportOptions.of(
 *     TlsConfig.builder()
 *         .trustedCertificatesPem(Path.of("/etc/pki/qemu/ca-cert.pem"))
 *         .identityPem(Path.of("client-cert.pem"), Path.of("client-key.pem"))
 *         .build());
 * }</pre>
 */
public final class TlsTransportOptions {
  /** The TLS settings: trust material, own certificate, client authentication, ... */
  public static final TransportOption<TlsConfig> CONFIG =
      TransportOption.of("tls.config", TlsConfig.class);

  private TlsTransportOptions() {}

  /**
   * Returns options holding only the TLS settings.
   *
   * @param config the settings
   * @return {@code TransportOptions.empty().with(CONFIG, config)}
   */
  public static TransportOptions of(TlsConfig config) {
    return TransportOptions.empty().with(CONFIG, config);
  }
}
