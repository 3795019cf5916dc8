package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Decides whether a server may take a socket path that something already occupies. */
final class ExistingSocketFile {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private ExistingSocketFile() {}

  /**
   * Checks the path a server wants to bind.
   *
   * @return whether a stale socket (one nobody listens on) is there, to be replaced
   * @throws FileAlreadyExistsException when something other than a socket is there
   * @throws BindException when a server listens on the socket, or its state cannot be told
   */
  static boolean isStale(Path path) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new FileAlreadyExistsException(
          path.toString(), null, "exists and is not a socket; refusing to replace it");
    }
    if (someoneListens(path)) {
      throw new BindException("Address already in use: a server listens on unix:" + path);
    }
    return true;
  }

  /**
   * Connects once to find out. The JDK's own Unix channel reports a refused connection as {@link
   * ConnectException}, which tells "stale" apart from "cannot say" (no permission, ...). A live
   * server sees a connection that closes at once.
   */
  private static boolean someoneListens(Path path) throws BindException {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      BindException failure =
          new BindException(
              "Cannot tell whether a server listens on unix:" + path + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }
}
