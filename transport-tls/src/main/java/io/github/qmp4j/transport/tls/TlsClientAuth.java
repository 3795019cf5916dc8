package io.github.qmp4j.transport.tls;

/**
 * Whether a TLS server asks connecting clients for a certificate. The default, {@link #REQUIRED},
 * matches QEMU's {@code verify-peer=on}: a client without a certificate the server trusts fails the
 * handshake.
 */
public enum TlsClientAuth {
  /** The server does not ask for a client certificate. */
  NONE,
  /** The server asks; a client may send none, but a certificate it does send must be trusted. */
  OPTIONAL,
  /** The server demands a trusted client certificate (mutual TLS). */
  REQUIRED
}
