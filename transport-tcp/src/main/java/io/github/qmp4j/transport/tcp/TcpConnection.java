package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/** A connected TCP socket. */
final class TcpConnection implements TransportConnection {
  private final SocketChannel channel;
  private final String description;
  private final InputStream input;
  private final OutputStream output;

  TcpConnection(SocketChannel channel, String description) throws IOException {
    this.channel = channel;
    this.description = description;
    // The socket adaptor's streams let one thread read while another writes; the streams of
    // java.nio.channels.Channels serialise both on the channel's blocking lock.
    this.input = channel.socket().getInputStream();
    this.output = channel.socket().getOutputStream();
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "TcpConnection[" + description + "]";
  }
}
