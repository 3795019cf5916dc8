package io.github.qmp4j.shell;

import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.transport.tls.TlsClientAuth;
import io.github.qmp4j.transport.tls.TlsConfig;
import io.github.qmp4j.transport.tls.TlsTransportOptions;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The TLS options of every command, for {@code tls:host:port} addresses: the CA that signed the
 * peer's certificate, this end's certificate and key, and QEMU 7.2's need for one-byte records.
 */
final class TlsOptions {
  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description =
          "PEM file of the CA certificate(s) to trust (QEMU's ca-cert.pem). Client: verifies the"
              + " server; fake: requires client certificates signed by it. Default for a client:"
              + " the JDK's CAs.")
  @Nullable Path ca;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate to present (client-cert.pem, or the fake's server-cert.pem).")
  @Nullable Path cert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM private key of --tls-cert (unencrypted).")
  @Nullable Path key;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description = "Check the server certificate against NAME instead of the address's host.")
  @Nullable String serverName;

  @Option(
      names = "--tls-single-byte-records",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Send each byte in its own TLS record, which QEMU before 8.0 needs (default: on; the"
              + " tool sends little, so it costs nothing that matters).")
  boolean singleByteRecords = true;

  boolean given() {
    return ca != null || cert != null || key != null || serverName != null;
  }

  /** The options for a client connecting to {@code tls:}. */
  TransportOptions client() {
    TlsConfig.Builder b = common();
    if (serverName != null) {
      b.serverName(serverName);
    }
    return TlsTransportOptions.of(b.singleByteRecords(singleByteRecords).build());
  }

  /** The options for the fake listening on {@code tls:}: it needs a certificate. */
  TransportOptions server() {
    if (cert == null) {
      throw new IllegalArgumentException(
          "a tls: address to listen on needs --tls-cert and --tls-key");
    }
    TlsConfig.Builder b = common();
    b.clientAuth(ca != null ? TlsClientAuth.REQUIRED : TlsClientAuth.NONE);
    return TlsTransportOptions.of(b.build());
  }

  private TlsConfig.Builder common() {
    Path c = cert;
    Path k = key;
    if ((c == null) != (k == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    TlsConfig.Builder b = TlsConfig.builder();
    if (ca != null) {
      b.trustedCertificatesPem(ca);
    }
    if (c != null && k != null) {
      b.identityPem(c, k);
    }
    return b;
  }
}
