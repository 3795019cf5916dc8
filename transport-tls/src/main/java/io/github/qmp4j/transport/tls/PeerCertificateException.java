package io.github.qmp4j.transport.tls;

import java.security.cert.CertificateException;

/**
 * A peer certificate was refused, with the reason {@link DiagnosingTrustManager} found. It travels
 * inside BouncyCastle's alert exception and becomes a {@link TlsHandshakeException} once the
 * handshake has failed.
 */
final class PeerCertificateException extends CertificateException {
  private final TlsHandshakeException.Reason reason;

  PeerCertificateException(TlsHandshakeException.Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  TlsHandshakeException.Reason reason() {
    return reason;
  }
}
