package io.github.qmp4j.transport.tls;

import io.github.qmp4j.transport.tls.HandshakeFailures.Side;
import io.github.qmp4j.transport.tls.TlsHandshakeException.Reason;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layers TLS over a connected plain socket and runs the handshake to completion under a timeout, so
 * that a peer that is not TLS, or refuses us, fails {@code connect} or {@code accept} itself rather
 * than the first read. Works on any {@link Socket} whose reads honour {@code SO_TIMEOUT}: a TCP
 * socket today, a junixsocket {@code AFUNIXSocket} for TLS over {@code unix:} later.
 */
final class TlsHandshake {
  private static final Logger LOG = LoggerFactory.getLogger("io.github.qmp4j.transport.tls");

  private TlsHandshake() {}

  /**
   * Wraps a socket as the client end.
   *
   * @param config the settings
   * @param plain the connected socket; the caller closes it after the TLS socket
   * @param host the host the address names; the certificate must match it unless {@link
   *     TlsConfig#serverName()} overrides it
   * @param port the port, for session resumption
   * @return the socket, handshake not yet started
   */
  static SSLSocket client(TlsConfig config, Socket plain, String host, int port)
      throws IOException {
    String verified = config.serverName().orElse(host);
    SSLSocket socket =
        (SSLSocket) config.socketFactory().createSocket(plain, verified, port, false);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(config.protocols().toArray(new String[0]));
    if (config.verifiesPeer()) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    socket.setSSLParameters(parameters);
    return socket;
  }

  /**
   * Wraps an accepted socket as the server end.
   *
   * @param config the settings; must have an identity
   * @param plain the accepted socket; the caller closes it after the TLS socket
   * @return the socket, handshake not yet started
   */
  static SSLSocket server(TlsConfig config, Socket plain) throws IOException {
    SSLSocket socket = (SSLSocket) config.socketFactory().createSocket(plain, null, false);
    socket.setUseClientMode(false);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(config.protocols().toArray(new String[0]));
    switch (config.clientAuth()) {
      case REQUIRED -> parameters.setNeedClientAuth(true);
      case OPTIONAL -> parameters.setWantClientAuth(true);
      case NONE -> parameters.setWantClientAuth(false);
    }
    socket.setSSLParameters(parameters);
    return socket;
  }

  /**
   * Runs the handshake. On failure the socket is left for the caller to close.
   *
   * @param socket a socket from {@link #client} or {@link #server}
   * @param channel the channel under it
   * @param timeout how long the handshake may wait for each read from the peer
   * @param side our end, for messages
   * @throws TlsHandshakeException when the handshake fails or times out
   * @throws InterruptedException when the thread was interrupted (which closes the channel)
   */
  static void complete(SSLSocket socket, SocketChannel channel, Duration timeout, Side side)
      throws IOException, InterruptedException {
    long millis = timeout.toMillis();
    if (millis <= 0) {
      throw new TlsHandshakeException(
          Reason.TIMED_OUT, "TLS handshake with " + side.peer() + " failed: no time left", null);
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    try {
      socket.startHandshake();
    } catch (IOException e) {
      if (Thread.interrupted() || e instanceof ClosedByInterruptException) {
        InterruptedException interrupted =
            new InterruptedException("TLS handshake with " + side.peer() + " interrupted");
        interrupted.initCause(e);
        throw interrupted;
      }
      throw HandshakeFailures.describe(e, side, timeout, () -> peerHungUp(channel));
    }
    // The session's reads must block as long as the protocol above wants; it has its own timeouts.
    socket.setSoTimeout(0);
  }

  /** Tells whether the peer has closed its end: end of stream stays readable after a failure. */
  private static boolean peerHungUp(SocketChannel channel) {
    try {
      channel.configureBlocking(false);
      return channel.read(ByteBuffer.allocate(1)) < 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Logs the warning that every connection without peer verification earns. */
  static void warnIfInsecure(TlsConfig config, String peer) {
    if (!config.verifiesPeer()) {
      LOG.warn(
          "TLS peer verification is DISABLED for {} (TlsConfig insecureTrustAllCertificates):"
              + " the peer is not authenticated and anyone on the path can impersonate it",
          peer);
    }
  }
}
