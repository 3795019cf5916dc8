package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

/** A connected Unix socket, with file-descriptor passing where junixsocket supports it. */
final class UnixConnection implements TransportConnection, ReadTimeouts {
  /**
   * The ancillary buffer asked for: room for the kernel's maximum of 253 descriptors in one
   * message. junixsocket 2.10.1 caps it at 256 bytes, which holds 60.
   */
  private static final int ANCILLARY_BUFFER_BYTES = 16 + 253 * 4;

  private final AFUNIXSocket socket;
  private final PlatformThreadHandOff handOff;
  private final String description;
  private final InputStream input;
  private final OutputStream output;
  private final ReceivedDescriptors received = new ReceivedDescriptors();
  private final @Nullable SocketDescriptorPassing descriptorPassing;

  /**
   * Wraps a connected socket.
   *
   * @param socket the socket
   * @param handOff where the socket's blocking calls run for virtual threads; closed with this
   * @param description the address, for logs
   */
  UnixConnection(AFUNIXSocket socket, PlatformThreadHandOff handOff, String description)
      throws IOException {
    this.socket = socket;
    this.handOff = handOff;
    this.description = description;
    // Reads and writes may block; on a virtual thread they must not wait through junixsocket.
    this.output = new HandOffOutputStream(socket.getOutputStream(), handOff);
    InputStream socketInput = new HandOffInputStream(socket.getInputStream(), handOff);
    if (NativeSupport.descriptorPassing()) {
      // Without a receive buffer the kernel drops (and closes) every descriptor sent to us.
      socket.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER_BYTES);
      this.input = new DescriptorCollectingInputStream(socketInput, socket, received);
      this.descriptorPassing = new SocketDescriptorPassing(socket, received);
    } else {
      this.input = socketInput;
      this.descriptorPassing = null;
    }
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
  public <C> Optional<C> capability(Class<C> type) {
    if (type == FileDescriptorPassing.class && descriptorPassing != null) {
      return Optional.of(type.cast(descriptorPassing));
    }
    if (type == ReadTimeouts.class) {
      return Optional.of(type.cast(this));
    }
    return Optional.empty();
  }

  /** junixsocket honours SO_TIMEOUT with a SocketTimeoutException that leaves the socket usable. */
  @Override
  public void setReadTimeout(Duration timeout) throws IOException {
    long millis = timeout.isZero() ? 0 : Math.max(1, (timeout.toNanos() + 999_999) / 1_000_000);
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
  }

  @Override
  public void close() throws IOException {
    try {
      received.closeSocket(socket); // shuts the socket down first, which wakes a blocked read
    } finally {
      handOff.close(); // after the socket: its threads end once their calls return
      received.close();
    }
  }

  @Override
  public String toString() {
    return "UnixConnection[" + description + "]";
  }
}
