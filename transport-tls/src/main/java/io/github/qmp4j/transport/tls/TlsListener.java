package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.transport.tls.HandshakeFailures.Side;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A listening TCP socket whose {@link #accept()} also completes the server side of the TLS
 * handshake, so a client that fails it (no certificate, an untrusted one) fails the accept with a
 * {@link TlsHandshakeException} rather than a later read.
 */
final class TlsListener implements TransportListener {
  /** How long a refused client gets to read our alert and hang up. */
  private static final Duration LINGER = Duration.ofMillis(500);

  private final ServerSocketChannel channel;
  private final TransportAddress localAddress;
  private final TlsConfig config;
  private volatile @Nullable SocketChannel handshaking;
  private volatile boolean closed;

  TlsListener(ServerSocketChannel channel, String host, TlsConfig config) throws IOException {
    this.channel = channel;
    this.config = config;
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    this.localAddress = new TransportAddress("tls", new HostPort(host, port).toString());
  }

  @Override
  public TransportConnection accept() throws IOException, InterruptedException {
    SocketChannel accepted = channel.accept();
    handshaking = accepted;
    try {
      if (closed) {
        throw new IOException("The listener was closed");
      }
      accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Side side = new Side("tls:" + accepted.getRemoteAddress(), false, true);
      TlsHandshake.warnIfInsecure(config, side.peer());
      SSLSocket socket = TlsHandshake.server(config, accepted.socket());
      TlsHandshake.complete(socket, accepted, config.handshakeTimeout(), side);
      return new TlsConnection(socket, accepted, side, config.singleByteRecords());
    } catch (TlsHandshakeException e) {
      if (e.reason() == TlsHandshakeException.Reason.TIMED_OUT) {
        accepted.close(); // a silent client reads no alert anyway
      } else {
        closeAfterAlert(accepted);
      }
      throw e;
    } catch (IOException | InterruptedException | RuntimeException e) {
      accepted.close();
      throw e;
    } finally {
      handshaking = null;
    }
  }

  /**
   * Closes a connection whose handshake we refused so that the client reads our alert: closing with
   * its last flight still unread would make the kernel send a reset, which can overtake the alert.
   * So: end our side, drain what the client still sends for a moment, then close.
   */
  private static void closeAfterAlert(SocketChannel accepted) {
    long deadline = System.nanoTime() + LINGER.toNanos();
    try (accepted) {
      accepted.shutdownOutput();
      accepted.socket().setSoTimeout((int) LINGER.toMillis());
      InputStream in = accepted.socket().getInputStream();
      byte[] sink = new byte[4096];
      // Discard until the client hangs up or the linger time is over, however much it sends.
      while (in.read(sink) >= 0 && System.nanoTime() < deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        accepted.socket().setSoTimeout((int) Math.min(left, LINGER.toMillis()));
      }
    } catch (IOException e) {
      // a timeout or a reset ends the lingering; the channel is closed either way
    }
  }

  @Override
  public TransportAddress localAddress() {
    return localAddress;
  }

  /** Stops listening, and aborts a handshake that {@link #accept()} is running. */
  @Override
  public void close() throws IOException {
    closed = true;
    try {
      channel.close();
    } finally {
      SocketChannel pending = handshaking;
      if (pending != null) {
        pending.close();
      }
    }
  }

  @Override
  public String toString() {
    return "TlsListener[" + localAddress + "]";
  }
}
