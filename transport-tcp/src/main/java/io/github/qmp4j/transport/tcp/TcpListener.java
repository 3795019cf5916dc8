package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** A listening TCP socket; closing it unblocks a pending accept. */
final class TcpListener implements TransportListener {
  private final ServerSocket server;
  private final TransportAddress localAddress;

  TcpListener(ServerSocket server, String host) {
    this.server = server;
    this.localAddress =
        new TransportAddress("tcp", new HostPort(host, server.getLocalPort()).toString());
  }

  @Override
  public TransportConnection accept() throws IOException {
    Socket accepted = server.accept();
    try {
      accepted.setTcpNoDelay(true);
      return new TcpConnection(accepted, "tcp:" + accepted.getRemoteSocketAddress());
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
    server.close();
  }

  @Override
  public String toString() {
    return "TcpListener[" + localAddress + "]";
  }
}
