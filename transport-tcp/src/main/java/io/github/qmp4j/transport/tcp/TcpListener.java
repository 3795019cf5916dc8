package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening TCP socket. */
final class TcpListener implements TransportListener {
  private final ServerSocketChannel channel;
  private final TransportAddress localAddress;

  TcpListener(ServerSocketChannel channel, String host) throws IOException {
    this.channel = channel;
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    this.localAddress = new TransportAddress("tcp", new HostPort(host, port).toString());
  }

  @Override
  public TransportConnection accept() throws IOException {
    SocketChannel accepted = channel.accept();
    try {
      accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
      return new TcpConnection(accepted, "tcp:" + accepted.getRemoteAddress());
    } catch (IOException | RuntimeException e) {
      accepted.close();
      throw e;
    }
  }

  @Override
  public TransportAddress localAddress() {
    return localAddress;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "TcpListener[" + localAddress + "]";
  }
}
