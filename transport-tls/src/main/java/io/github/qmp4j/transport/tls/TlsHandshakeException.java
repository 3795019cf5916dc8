package io.github.qmp4j.transport.tls;

import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS handshake failed, with a {@linkplain #reason() reason} to branch on and a message that says
 * what to fix, e.g. {@code TLS handshake with tls:127.0.0.1:4444 failed: the server's certificate
 * 'CN=qemu' expired on 2024-01-01T00:00:00Z}. {@link #getCause()} is the error BouncyCastle raised.
 *
 * <p>Through the engine it arrives as the cause of an {@link io.github.qmp4j.protocol
 * .ConnectException}: in the "Failed to establish connection" phase when the handshake itself
 * fails, in the "Failed to establish session" phase when a TLS 1.3 server rejects the client's
 * certificate after the client already considered the handshake complete.
 */
public final class TlsHandshakeException extends SSLHandshakeException {
  /** Why a handshake failed. */
  public enum Reason {
    /** The peer's certificate does not chain to a trusted CA (unknown CA, bad signature, ...). */
    UNTRUSTED_CERTIFICATE,
    /** The server's certificate is valid but names neither the host connected to nor serverName. */
    HOST_NAME_MISMATCH,
    /** The peer's certificate, or one in its chain, has expired. */
    CERTIFICATE_EXPIRED,
    /** The peer's certificate, or one in its chain, is not valid yet. */
    CERTIFICATE_NOT_YET_VALID,
    /** The peer refused our certificate, or demanded one we did not send. */
    CERTIFICATE_REJECTED_BY_PEER,
    /** We are the server, require a client certificate, and the client sent none. */
    CLIENT_CERTIFICATE_MISSING,
    /** The peer aborted the handshake with another alert (no common protocol or cipher, ...). */
    PEER_ABORTED,
    /** The peer closed the connection during the handshake (not TLS, or it refused us silently). */
    PEER_CLOSED,
    /** The handshake did not complete in time. */
    TIMED_OUT,
    /** Anything else; the cause says what. */
    OTHER
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the handshake failed
   * @param message the full message
   * @param cause the underlying error, or {@code null}
   */
  public TlsHandshakeException(Reason reason, String message, @Nullable Throwable cause) {
    super(message);
    this.reason = reason;
    if (cause != null) {
      initCause(cause);
    }
  }

  /** Returns why the handshake failed. */
  public Reason reason() {
    return reason;
  }
}
