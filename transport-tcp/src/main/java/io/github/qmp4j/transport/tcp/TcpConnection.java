package io.github.qmp4j.transport.tcp;

import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/**
 * A connected TCP socket. A classic {@link Socket}, not a {@code SocketChannel}, on purpose:
 * interrupting a thread in a channel's read or write closes the channel, so a caller that was
 * interrupted while it wrote a command would end the whole session.
 */
final class TcpConnection implements TransportConnection, ReadTimeouts {
  private final Socket socket;
  private final String description;
  private final InputStream input;
  private final OutputStream output;

  TcpConnection(Socket socket, String description) throws IOException {
    this.socket = socket;
    this.description = description;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
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
  public <C> Optional<C> capability(Class<C> type) {
    return type == ReadTimeouts.class ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  public void setReadTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout(TcpTransportProvider.millis(timeout));
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return "TcpConnection[" + description + "]";
  }
}
