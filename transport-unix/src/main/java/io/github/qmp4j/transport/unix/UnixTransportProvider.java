package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The {@code unix:} transport: {@code unix:/path/to.sock} (also a bare path, {@code ./qmp.sock},
 * {@code ~/qmp.sock}) and, on Linux, {@code unix:@name} in the abstract namespace. Built on
 * junixsocket; {@link #isAvailable()} is false where its native library does not load, and {@link
 * #unavailabilityCause()} says why.
 *
 * <p>Connections offer {@link io.github.qmp4j.protocol.transport.FileDescriptorPassing}:
 * descriptors attached with {@code attachToNextWrite} travel as SCM_RIGHTS with exactly the next
 * write (QEMU's {@code getfd} and {@code add-fd} want them with the command's own bytes); received
 * ones are kept in arrival order until taken, and closed with the connection when nobody took them.
 * A receiver takes at most {@value #MAX_DESCRIPTORS_PER_MESSAGE} descriptors with one message; more
 * make its read fail.
 *
 * <p>Listening on a path creates the socket file with {@link
 * UnixTransportOptions#SOCKET_PERMISSIONS} (owner-only by default) and removes it on close. It
 * refuses a path that holds anything but a socket ({@link
 * java.nio.file.FileAlreadyExistsException}) or a socket a server listens on ({@link
 * BindException}); a stale socket is replaced. Paths longer than a socket address holds (107 bytes)
 * fail with {@link io.github.qmp4j.protocol.transport.InvalidAddressException}.
 */
public final class UnixTransportProvider extends TransportProvider {
  /**
   * How many descriptors one inbound message may carry: junixsocket 2.10.1 receives ancillary data
   * into a 256-byte buffer.
   */
  public static final int MAX_DESCRIPTORS_PER_MESSAGE = 60;

  /** Used by {@link java.util.ServiceLoader}. */
  public UnixTransportProvider() {}

  @Override
  public String scheme() {
    return "unix";
  }

  @Override
  public boolean isAvailable() {
    return NativeSupport.available();
  }

  @Override
  public @Nullable Throwable unavailabilityCause() {
    return NativeSupport.unavailabilityCause();
  }

  @Override
  public TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout) throws IOException {
    NativeSupport.ensureAvailable();
    UnixSocketTarget target = UnixSocketTarget.parse(address);
    checkAbstractSupported(target);
    AFUNIXSocket socket = AFUNIXSocket.newInstance();
    PlatformThreadHandOff handOff = new PlatformThreadHandOff();
    try {
      try {
        // A connect waits while the listener's backlog is full; on a virtual thread it must not
        // wait through junixsocket (see PlatformThreadHandOff).
        AFUNIXSocketAddress socketAddress = target.socketAddress();
        int millis = timeoutMillis(timeout);
        handOff.run(() -> socket.connect(socketAddress, millis));
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // junixsocket's messages are bare errno texts ("No such file or directory"); name the path.
        ConnectException failure =
            new ConnectException("Cannot connect to " + address + ": " + e.getMessage());
        failure.initCause(e);
        throw failure;
      }
      return new UnixConnection(socket, handOff, address.toString());
    } catch (IOException | RuntimeException e) {
      socket.close();
      handOff.close();
      throw e;
    }
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    NativeSupport.ensureAvailable();
    UnixSocketTarget target = UnixSocketTarget.parse(address);
    checkAbstractSupported(target);
    if (target.abstractName() != null) {
      return UnixListener.on(bindAbstract(target), address, null);
    }
    SocketFileBinder.Bound bound =
        SocketFileBinder.bind(
            target.requirePath(),
            UnixTransportOptions.permissions(
                options.get(
                    UnixTransportOptions.SOCKET_PERMISSIONS,
                    UnixTransportOptions.DEFAULT_SOCKET_PERMISSIONS)));
    return UnixListener.on(bound.server(), address, bound.file());
  }

  private static AFUNIXServerSocket bindAbstract(UnixSocketTarget target) throws IOException {
    AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
    try {
      server.bind(target.socketAddress());
      return server;
    } catch (IOException e) {
      server.close();
      BindException failure =
          new BindException("Cannot listen on " + target + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static void checkAbstractSupported(UnixSocketTarget target) throws IOException {
    if (target.abstractName() != null && !NativeSupport.abstractNamespace()) {
      throw new IOException(
          "Abstract socket names (" + target + ") exist only on Linux; use a socket path");
    }
  }

  private static int timeoutMillis(Duration timeout) {
    long ms = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }
}
