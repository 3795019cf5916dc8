package io.github.qmp4j.transport.tls;

import io.github.qmp4j.transport.tls.TlsHandshakeException.Reason;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Wraps BouncyCastle's PKIX trust manager and, when it refuses a certificate, finds out why in
 * words a user can act on. PKIX path building reports an expired certificate and an unknown CA
 * alike ("Unable to construct a valid chain"), so this class checks validity dates itself, and
 * tells a host-name mismatch from an untrusted chain by checking the chain once more without the
 * host name.
 */
final class DiagnosingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;

  DiagnosingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      delegate.checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      throw diagnose(e, chain, authType, "client", null);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      delegate.checkClientTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw diagnose(e, chain, authType, "client", null);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkClientTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw diagnose(e, chain, authType, "client", null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw diagnose(e, chain, authType, "server", null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
      throw diagnose(e, chain, authType, "server", session == null ? null : session.getPeerHost());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw diagnose(e, chain, authType, "server", engine.getPeerHost());
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  /**
   * Explains a refusal.
   *
   * @param host the host name the server was checked against, or {@code null} when no host-name
   *     check was part of the refused call
   */
  private PeerCertificateException diagnose(
      CertificateException refusal,
      X509Certificate[] chain,
      String authType,
      String role,
      @Nullable String host) {
    if (chain.length == 0) {
      return new PeerCertificateException(
          Reason.UNTRUSTED_CERTIFICATE, "the " + role + " sent no certificate", refusal);
    }
    X509Certificate leaf = chain[0];
    for (int i = 0; i < chain.length; i++) {
      X509Certificate certificate = chain[i];
      String which =
          i == 0
              ? "the " + role + "'s certificate '" + subject(certificate) + "'"
              : "the certificate '" + subject(certificate) + "' in the " + role + "'s chain";
      try {
        certificate.checkValidity();
      } catch (CertificateExpiredException e) {
        return new PeerCertificateException(
            Reason.CERTIFICATE_EXPIRED,
            which + " expired on " + certificate.getNotAfter().toInstant(),
            refusal);
      } catch (CertificateNotYetValidException e) {
        return new PeerCertificateException(
            Reason.CERTIFICATE_NOT_YET_VALID,
            which + " is not valid before " + certificate.getNotBefore().toInstant(),
            refusal);
      }
    }
    if (host != null && trustedWithoutHostName(chain, authType)) {
      return new PeerCertificateException(
          Reason.HOST_NAME_MISMATCH,
          "the server's certificate '"
              + subject(leaf)
              + "' is not valid for '"
              + host
              + "' (it names "
              + names(leaf)
              + "); connect by one of those names or set TlsConfig.Builder.serverName",
          refusal);
    }
    X509Certificate top = chain[chain.length - 1];
    return new PeerCertificateException(
        Reason.UNTRUSTED_CERTIFICATE,
        "the "
            + role
            + "'s certificate '"
            + subject(leaf)
            + "' is not trusted: it was issued by '"
            + top.getIssuerX500Principal().getName()
            + "', which does not lead to a trusted CA ("
            + refusal.getMessage()
            + ")",
        refusal);
  }

  private boolean trustedWithoutHostName(X509Certificate[] chain, String authType) {
    try {
      delegate.checkServerTrusted(chain, authType);
      return true;
    } catch (CertificateException e) {
      return false;
    }
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  /** Returns the DNS names and IP addresses a certificate is valid for, for messages. */
  private static String names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          Object type = entry.get(0);
          if (Integer.valueOf(2).equals(type)) {
            names.add("DNS:" + entry.get(1));
          } else if (Integer.valueOf(7).equals(type)) {
            names.add("IP:" + entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return "unreadable subject alternative names";
    }
    return names.isEmpty() ? "no DNS name or IP address" : String.join(", ", names);
  }
}
