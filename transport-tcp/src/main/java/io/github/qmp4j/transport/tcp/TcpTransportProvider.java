package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The {@code tcp:host:port} transport: blocking sockets with {@code TCP_NODELAY} (QMP is
 * request/response; Nagle would add latency). Closing the connection unblocks its reads; a connect
 * is bounded by its timeout. Interrupting a thread does not disturb the socket.
 *
 * <p>Listening on port 0 picks a free port; {@link TransportListener#localAddress()} tells which.
 */
public final class TcpTransportProvider extends TransportProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public TcpTransportProvider() {}

  @Override
  public String scheme() {
    return "tcp";
  }

  @Override
  public TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout) throws IOException {
    InetSocketAddress target = resolve(address.hostPort());
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, Math.max(1, millis(timeout)));
      return new TcpConnection(socket, address.toString());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    HostPort hostPort = address.hostPort();
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(resolve(hostPort));
      return new TcpListener(server, hostPort.host());
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static InetSocketAddress resolve(HostPort hostPort) throws UnknownHostException {
    InetSocketAddress resolved = new InetSocketAddress(hostPort.host(), hostPort.port());
    if (resolved.isUnresolved()) {
      throw new UnknownHostException("Unknown host: " + hostPort.host());
    }
    return resolved;
  }

  /** Socket timeouts in whole milliseconds, rounding up so that a short timeout is not "none". */
  static int millis(Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      return 0;
    }
    long ms = (timeout.toNanos() + 999_999) / 1_000_000;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
  }
}
