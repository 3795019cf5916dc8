package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import java.io.IOException;
import java.net.SocketException;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;

/** A listening Unix socket; closing it removes the socket file it created. */
final class UnixListener implements TransportListener {
  private final AFUNIXServerSocket acceptor;
  private final AFUNIXServerSocket bound;
  private final TransportAddress localAddress;
  private final @Nullable SocketFile file;
  private final PlatformThreadHandOff handOff = new PlatformThreadHandOff();
  private volatile boolean closed;

  private UnixListener(
      AFUNIXServerSocket acceptor,
      AFUNIXServerSocket bound,
      TransportAddress localAddress,
      @Nullable SocketFile file) {
    this.acceptor = acceptor;
    this.bound = bound;
    this.localAddress = localAddress;
    this.file = file;
  }

  /**
   * Listens on a bound socket, accepting through a {@link SharedDescriptorAcceptor} on it
   * (accepting on {@code bound} itself would leak a descriptor whenever close ends a waiting
   * accept). When that fails, {@code bound} is closed and its socket file removed.
   *
   * @param bound the socket as bound, which owns the descriptor; closed after the acceptor
   * @param localAddress the address peers connect to
   * @param file the socket file to remove on close, or {@code null} for an abstract name
   */
  static UnixListener on(
      AFUNIXServerSocket bound, TransportAddress localAddress, @Nullable SocketFile file)
      throws IOException {
    try {
      return new UnixListener(SharedDescriptorAcceptor.on(bound), bound, localAddress, file);
    } catch (IOException | RuntimeException e) {
      bound.close();
      if (file != null) {
        file.deleteIfStillOurs();
      }
      throw e;
    }
  }

  @Override
  public TransportConnection accept() throws IOException {
    AFUNIXSocket accepted;
    try {
      // A virtual thread must not wait through junixsocket; see PlatformThreadHandOff.
      accepted = handOff.call(acceptor::accept);
    } catch (IOException e) {
      if (closed) {
        // junixsocket reports an accept ended by close() as "Invalid argument"; say what happened.
        SocketException failure = new SocketException("Listener closed: " + localAddress);
        failure.initCause(e);
        throw failure;
      }
      throw e;
    }
    try {
      return new UnixConnection(
          accepted, new PlatformThreadHandOff(), localAddress + " (accepted)");
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
    closed = true;
    try {
      closeSockets();
    } finally {
      handOff.close();
      SocketFile f = file;
      if (f != null) {
        f.deleteIfStillOurs();
      }
    }
  }

  /**
   * Closes the acceptor first, which wakes a blocked accept, then the bound socket, which closes
   * the descriptor both share. The bound socket is closed even when the acceptor's close fails, or
   * the descriptor would stay open.
   */
  private void closeSockets() throws IOException {
    try (bound) {
      acceptor.close();
    }
  }

  @Override
  public String toString() {
    return "UnixListener[" + localAddress + "]";
  }
}
