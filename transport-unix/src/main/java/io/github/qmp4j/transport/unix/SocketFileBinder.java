package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a listening socket file that never exists at its path with wider permissions than asked.
 *
 * <p>bind(2) creates the file with the process umask, and a peer may connect before a chmod narrows
 * it. So the socket is bound inside a fresh owner-only directory next to the target (no one else
 * can reach it there), chmod-ed, then hard-linked into place. link(2), unlike rename(2), fails
 * instead of replacing whatever appeared at the target meanwhile. The private directory is removed
 * before this returns.
 *
 * <p>Connections are accepted on a {@link SharedDescriptorAcceptor}, not on the socket as bound:
 * junixsocket would close a socket whose bound path (the private one) no longer exists, and would
 * leak a descriptor when closing it while an accept waits.
 */
final class SocketFileBinder {
  private static final Logger logger = LoggerFactory.getLogger(SocketFileBinder.class);
  private static final String PRIVATE_DIR_PREFIX = ".qmp4j-";
  private static final String PRIVATE_SOCKET_NAME = "s";
  private static final int NAME_ATTEMPTS = 10;

  private SocketFileBinder() {}

  /**
   * A listening socket and the file it answers at.
   *
   * @param server the socket as bound
   * @param file the socket file
   */
  record Bound(AFUNIXServerSocket server, SocketFile file) {}

  /**
   * Binds and listens at {@code path}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when a non-socket is at the path
   * @throws BindException when a server listens there already
   * @throws IOException when the socket cannot be created
   */
  static Bound bind(Path path, Set<PosixFilePermission> permissions) throws IOException {
    boolean stale = ExistingSocketFile.isStale(path);
    Path parent = path.getParent();
    // A relative target gets a relative private directory: both resolve against the working
    // directory, and the relative form is shorter.
    Path privateDir = createPrivateDirectory(parent == null ? Path.of("") : parent);
    Path privateSocket = privateDir.resolve(PRIVATE_SOCKET_NAME);
    try {
      if (!UnixSocketTarget.fits(privateSocket)) {
        return bindInPlace(path, permissions, stale);
      }
      AFUNIXServerSocket server = newServer();
      SocketFile file = null;
      try {
        server.bind(AFUNIXSocketAddress.of(privateSocket));
        Files.setPosixFilePermissions(privateSocket, permissions);
        if (stale) {
          logger.debug("Replacing stale socket {}", path);
          Files.deleteIfExists(path);
        }
        link(privateSocket, path);
        file = SocketFile.linkedFrom(privateSocket, path);
        return new Bound(server, file);
      } catch (IOException | RuntimeException e) {
        server.close();
        if (file != null) {
          file.deleteIfStillOurs();
        }
        throw e;
      }
    } finally {
      Files.deleteIfExists(privateSocket); // the second name; the socket stays at path
      Files.deleteIfExists(privateDir);
    }
  }

  private static AFUNIXServerSocket newServer() throws IOException {
    AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
    server.setDeleteOnClose(false); // SocketFile removes it, and only while it is still ours
    return server;
  }

  private static Path createPrivateDirectory(Path parent) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
      try {
        return Files.createDirectory(
            parent.resolve(PRIVATE_DIR_PREFIX + suffix),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        if (attempt >= NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void link(Path privateSocket, Path path) throws IOException {
    try {
      Files.createLink(path, privateSocket);
    } catch (FileAlreadyExistsException e) {
      BindException failure =
          new BindException("Address already in use: unix:" + path + " appeared while binding");
      failure.initCause(e);
      throw failure;
    }
  }

  /**
   * The fallback when the private directory's path would not fit in a socket address although the
   * target does: bind at the target and narrow the permissions right after. Until the chmod, the
   * socket has the umask's permissions; the parent directory's permissions still apply.
   */
  private static Bound bindInPlace(Path path, Set<PosixFilePermission> permissions, boolean stale)
      throws IOException {
    logger.warn(
        "Socket path {} is too long to bind in a private directory first; binding in place, so"
            + " the socket briefly has the umask's permissions. A shorter path avoids this.",
        path);
    if (stale) {
      Files.deleteIfExists(path);
    }
    AFUNIXServerSocket server = newServer();
    boolean bound = false;
    try {
      server.bind(AFUNIXSocketAddress.of(path));
      bound = true;
      Files.setPosixFilePermissions(path, permissions);
      return new Bound(server, SocketFile.linkedFrom(path, path));
    } catch (IOException | RuntimeException e) {
      server.close();
      if (bound) {
        Files.deleteIfExists(path); // never leave a socket with the wrong permissions behind
      }
      throw e;
    }
  }
}
