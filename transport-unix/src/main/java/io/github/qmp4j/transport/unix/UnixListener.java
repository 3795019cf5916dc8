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
  private final AFUNIXServerSocket server;
  private final @Nullable AFUNIXServerSocket original;
  private final TransportAddress localAddress;
  private final @Nullable SocketFile file;
  private final PlatformThreadHandOff handOff = new PlatformThreadHandOff();
  private volatile boolean closed;

  /**
   * Wraps a listening socket.
   *
   * @param server the socket to accept on
   * @param original another socket on the same listening socket, closed after it (see {@link
   *     SocketFileBinder}), or {@code null}
   * @param localAddress the address peers connect to
   * @param file the socket file to remove on close, or {@code null} for an abstract name
   */
  UnixListener(
      AFUNIXServerSocket server,
      @Nullable AFUNIXServerSocket original,
      TransportAddress localAddress,
      @Nullable SocketFile file) {
    this.server = server;
    this.original = original;
    this.localAddress = localAddress;
    this.file = file;
  }

  @Override
  public TransportConnection accept() throws IOException {
    AFUNIXSocket accepted;
    try {
      // A virtual thread must not wait through junixsocket; see PlatformThreadHandOff.
      accepted = handOff.call(server::accept);
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
      server.close(); // wakes a blocked accept
      AFUNIXServerSocket o = original;
      if (o != null) {
        o.close();
      }
    } finally {
      handOff.close();
      SocketFile f = file;
      if (f != null) {
        f.deleteIfStillOurs();
      }
    }
  }

  @Override
  public String toString() {
    return "UnixListener[" + localAddress + "]";
  }
}
