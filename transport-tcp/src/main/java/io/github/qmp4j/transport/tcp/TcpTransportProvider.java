package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The {@code tcp:host:port} transport. Connections are blocking {@link SocketChannel}s with {@code
 * TCP_NODELAY} (QMP is request/response; Nagle would add latency), so a blocked connect or read is
 * interrupted by closing the connection or interrupting the thread.
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
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().connect(target, timeoutMillis(timeout));
      return new TcpConnection(channel, address.toString());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    HostPort hostPort = address.hostPort();
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(resolve(hostPort));
      return new TcpListener(channel, hostPort.host());
    } catch (IOException | RuntimeException e) {
      channel.close();
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

  private static int timeoutMillis(Duration timeout) {
    long ms = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }
}
