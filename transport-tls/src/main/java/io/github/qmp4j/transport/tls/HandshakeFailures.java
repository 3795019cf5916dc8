package io.github.qmp4j.transport.tls;

import io.github.qmp4j.transport.tls.TlsHandshakeException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.jspecify.annotations.Nullable;

/**
 * Turns what BouncyCastle throws when a handshake fails into a {@link TlsHandshakeException} whose
 * reason and message say what went wrong and what to change. The original stays the cause.
 */
final class HandshakeFailures {
  private HandshakeFailures() {}

  /** Who we are in a handshake, for messages. */
  record Side(String peer, boolean client, boolean hasIdentity) {
    String peerRole() {
      return client ? "server" : "client";
    }
  }

  /**
   * Explains a failed handshake.
   *
   * @param failure what the handshake threw
   * @param side our end
   * @param timeout the time the handshake had
   * @param peerHungUp tells, after the failure, whether the peer had closed the connection
   * @return the exception to throw
   */
  static TlsHandshakeException describe(
      Throwable failure, Side side, Duration timeout, BooleanSupplier peerHungUp) {
    String prefix = "TLS handshake with " + side.peer() + " failed: ";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PeerCertificateException refused) {
        return new TlsHandshakeException(refused.reason(), prefix + refused.getMessage(), failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return new TlsHandshakeException(
            Reason.TIMED_OUT,
            prefix + "no answer within " + timeout + " (is it a TLS endpoint?)",
            failure);
      }
      if (t instanceof TlsFatalAlertReceived received) {
        return fromPeerAlert(received.getAlertDescription(), prefix, side, failure);
      }
      if (t instanceof TlsFatalAlert raised) {
        TlsHandshakeException local = fromOwnAlert(raised, prefix, side, failure, peerHungUp);
        if (local != null) {
          return local;
        }
      }
      if (t instanceof EOFException || isReset(t)) {
        return peerClosed(prefix, side, failure);
      }
    }
    return new TlsHandshakeException(Reason.OTHER, prefix + summary(failure), failure);
  }

  /**
   * Explains a fatal alert that arrives after the handshake looked complete: a TLS 1.3 server
   * checks the client's certificate only after the client has finished its side.
   *
   * @param received the alert
   * @param side our end
   * @return the exception to throw, or {@code null} when the alert is not about certificates
   */
  static @Nullable TlsHandshakeException lateRejection(TlsFatalAlertReceived received, Side side) {
    short alert = received.getAlertDescription();
    if (!isAboutCertificates(alert)) {
      return null;
    }
    return fromPeerAlert(alert, "TLS handshake with " + side.peer() + " failed: ", side, received);
  }

  /**
   * Explains a server that closed the session, without {@code close_notify}, before sending
   * anything: how QEMU refuses a client certificate, which it checks after the handshake.
   *
   * @param closed what the read threw
   * @param side our end (a client)
   * @return the exception to throw
   */
  static TlsHandshakeException closedBeforeData(Throwable closed, Side side) {
    String hint =
        side.hasIdentity()
            ? "; if it requires a client certificate, it may have refused ours (its log may say"
                + " why)"
            : "; a server that requires a client certificate (QEMU's verify-peer=on) does so when"
                + " none is sent: configure one with TlsConfig.Builder.identityPem";
    return new TlsHandshakeException(
        Reason.PEER_CLOSED,
        "TLS session with "
            + side.peer()
            + " ended before any data: the server closed the connection without close_notify"
            + hint,
        closed);
  }

  private static TlsHandshakeException fromPeerAlert(
      short alert, String prefix, Side side, Throwable failure) {
    String text = AlertDescription.getText(alert);
    String peer = "the " + side.peerRole();
    if (isAboutCertificates(alert)) {
      String what;
      if (!side.client()) {
        what = peer + " rejected our certificate (alert " + text + ")";
      } else if (side.hasIdentity() && alert == AlertDescription.certificate_required) {
        // JSSE sends a client certificate only if its issuer is among the CAs the server accepts.
        what =
            peer
                + " requires a client certificate from a CA it trusts, and ours is not from one"
                + " (alert "
                + text
                + ")";
      } else if (side.hasIdentity()) {
        what = peer + " rejected our client certificate (alert " + text + ")";
      } else {
        what =
            peer
                + " requires a client certificate and we sent none (alert "
                + text
                + "); configure one with TlsConfig.Builder.identityPem";
      }
      return new TlsHandshakeException(Reason.CERTIFICATE_REJECTED_BY_PEER, prefix + what, failure);
    }
    String hint =
        side.client() && !side.hasIdentity() && alert == AlertDescription.handshake_failure
            ? " (a TLS 1.2 server that requires a client certificate answers so when none is sent)"
            : "";
    return new TlsHandshakeException(
        Reason.PEER_ABORTED, prefix + peer + " aborted with alert " + text + hint, failure);
  }

  private static @Nullable TlsHandshakeException fromOwnAlert(
      TlsFatalAlert raised,
      String prefix,
      Side side,
      Throwable failure,
      BooleanSupplier peerHungUp) {
    // BouncyCastle raises a bare handshake_failure when the stream ends mid-handshake. Only a
    // client asks whether the peer hung up: a server that raised handshake_failure itself (a TLS
    // 1.2 client without the required certificate) may find the client gone already, in answer.
    if (side.client()
        && raised.getAlertDescription() == AlertDescription.handshake_failure
        && raised.getCause() == null
        && peerHungUp.getAsBoolean()) {
      return peerClosed(prefix, side, failure);
    }
    if (!side.client() && raised.getAlertDescription() == AlertDescription.certificate_required) {
      return new TlsHandshakeException(
          Reason.CLIENT_CERTIFICATE_MISSING,
          prefix
              + "the client sent no certificate, and this server requires one"
              + " (TlsClientAuth.REQUIRED)",
          failure);
    }
    return null;
  }

  private static TlsHandshakeException peerClosed(String prefix, Side side, Throwable failure) {
    return new TlsHandshakeException(
        Reason.PEER_CLOSED,
        prefix
            + "the "
            + side.peerRole()
            + " closed the connection during the handshake (is it a TLS endpoint? did it refuse"
            + " us?)",
        failure);
  }

  /** A reset (the peer closed with our data unread) has no exception type of its own. */
  private static boolean isReset(Throwable t) {
    String message = t.getMessage();
    return t instanceof IOException && message != null && message.contains("Connection reset");
  }

  private static boolean isAboutCertificates(short alert) {
    return switch (alert) {
      case AlertDescription.bad_certificate,
          AlertDescription.unsupported_certificate,
          AlertDescription.certificate_revoked,
          AlertDescription.certificate_expired,
          AlertDescription.certificate_unknown,
          AlertDescription.unknown_ca,
          AlertDescription.access_denied,
          AlertDescription.certificate_required ->
          true;
      default -> false;
    };
  }

  private static String summary(Throwable failure) {
    Throwable root = failure;
    for (Throwable c = root.getCause(); c != null && c != root; c = root.getCause()) {
      root = c;
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
