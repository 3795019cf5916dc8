package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.InvalidAddressException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Server mode: the socket file's permissions, what may stand at its path, and its removal. */
class UnixListenerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final UnixTransportProvider provider = new UnixTransportProvider();
  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  private static TransportAddress unix(Path path) {
    return TransportAddress.parse("unix:" + path);
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** Connects, accepts, and proves bytes flow, so the listener really serves its address. */
  private void assertServes(TransportListener listener) throws Exception {
    try (TransportConnection client =
            provider.connect(listener.localAddress(), TransportOptions.empty(), TIMEOUT);
        TransportConnection server = listener.accept()) {
      client.output().write(7);
      assertEquals(7, server.input().read());
    }
  }

  /** Leaves a socket file nobody listens on, as a crashed server would. */
  private static void makeStaleSocket(Path path) throws IOException {
    try (AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance()) {
      dead.setDeleteOnClose(false);
      dead.bind(AFUNIXSocketAddress.of(path));
    }
  }

  @Test
  void createsAnOwnerOnlySocketAndNothingElse() throws Exception {
    Path dir = dirs.newDir();
    Path sock = dir.resolve("q.sock");
    try (TransportListener listener = provider.listen(unix(sock), TransportOptions.empty())) {
      assertEquals(S_IFSOCK, mode(sock) & S_IFMT);
      assertEquals("rw-------", permissions(sock));
      assertEquals(List.of(sock), entries(dir), "no private directory left behind");
      assertEquals(unix(sock), listener.localAddress());
      assertServes(listener);
    }
  }

  @Test
  void socketPermissionsOptionWidensTheMode() throws Exception {
    Path sock = dirs.newDir().resolve("g.sock");
    TransportOptions groupToo =
        TransportOptions.empty()
            .with(
                UnixTransportOptions.SOCKET_PERMISSIONS,
                PosixFilePermissions.fromString("rw-rw----"));
    try (TransportListener listener = provider.listen(unix(sock), groupToo)) {
      assertEquals("rw-rw----", permissions(sock));
      assertServes(listener);
    }
  }

  @Test
  void closeRemovesTheSocketFile() throws Exception {
    Path dir = dirs.newDir();
    Path sock = dir.resolve("r.sock");
    TransportListener listener = provider.listen(unix(sock), TransportOptions.empty());
    assertTrue(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
    listener.close();
    assertEquals(List.of(), entries(dir));
    listener.close(); // idempotent
    assertThrows(
        ConnectException.class,
        () -> provider.connect(unix(sock), TransportOptions.empty(), TIMEOUT));
  }

  @Test
  void closeLeavesAloneAFileSomeoneElsePutAtThePath() throws Exception {
    Path sock = dirs.newDir().resolve("x.sock");
    TransportListener listener = provider.listen(unix(sock), TransportOptions.empty());
    Files.delete(sock);
    Files.writeString(sock, "not yours");
    listener.close();
    assertEquals("not yours", Files.readString(sock));
  }

  @Test
  void refusesAPathThatHoldsARegularFile() throws Exception {
    Path file = dirs.newDir().resolve("data.txt");
    Files.writeString(file, "precious");
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> provider.listen(unix(file), TransportOptions.empty()));
    assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
    assertEquals("precious", Files.readString(file));
    assertEquals(List.of(file), entries(file.getParent()));
  }

  @Test
  void refusesASocketAServerListensOn() throws Exception {
    Path sock = dirs.newDir().resolve("busy.sock");
    try (TransportListener first = provider.listen(unix(sock), TransportOptions.empty())) {
      Object identity = Files.getAttribute(sock, "unix:ino", LinkOption.NOFOLLOW_LINKS);
      assertThrows(
          BindException.class, () -> provider.listen(unix(sock), TransportOptions.empty()));
      assertEquals(identity, Files.getAttribute(sock, "unix:ino", LinkOption.NOFOLLOW_LINKS));
      // The probe's own connection is queued first; the first listener still serves real peers.
      first.accept().close();
      assertServes(first);
    }
  }

  @Test
  void replacesAStaleSocket() throws Exception {
    Path sock = dirs.newDir().resolve("stale.sock");
    makeStaleSocket(sock);
    assertThrows(
        ConnectException.class,
        () -> provider.connect(unix(sock), TransportOptions.empty(), TIMEOUT));
    try (TransportListener listener = provider.listen(unix(sock), TransportOptions.empty())) {
      assertEquals("rw-------", permissions(sock));
      assertServes(listener);
    }
    assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void bindsInPlaceWhenOnlyThePathItselfFitsInASocketAddress() throws Exception {
    Path dir = dirs.newDir();
    String prefix = dir + "/";
    Path sock = Path.of(prefix + "n".repeat(UnixSocketTarget.MAX_PATH_BYTES - prefix.length()));
    assertEquals(UnixSocketTarget.MAX_PATH_BYTES, sock.toString().length());
    try (TransportListener listener = provider.listen(unix(sock), TransportOptions.empty())) {
      assertEquals("rw-------", permissions(sock));
      assertEquals(List.of(sock), entries(dir));
      assertServes(listener);
    }
    assertEquals(List.of(), entries(dir));
  }

  @Test
  void aPathLongerThanASocketAddressHoldsFailsClearly() throws Exception {
    Path dir = dirs.newDir();
    String prefix = dir + "/";
    Path sock = Path.of(prefix + "n".repeat(UnixSocketTarget.MAX_PATH_BYTES + 1 - prefix.length()));
    InvalidAddressException listen =
        assertThrows(
            InvalidAddressException.class,
            () -> provider.listen(unix(sock), TransportOptions.empty()));
    assertTrue(listen.getMessage().contains("108 bytes"), listen.getMessage());
    assertTrue(listen.getMessage().contains("at most 107"), listen.getMessage());
    assertThrows(
        InvalidAddressException.class,
        () -> provider.connect(unix(sock), TransportOptions.empty(), TIMEOUT));
    assertEquals(List.of(), entries(dir));
  }

  @Test
  void abstractNamesListenWithoutAFile() throws Exception {
    TransportAddress name = TransportAddress.parse("unix:@qmp4j-test-" + System.nanoTime());
    try (TransportListener listener = provider.listen(name, TransportOptions.empty())) {
      assertEquals(name, listener.localAddress());
      assertServes(listener);
      assertThrows(BindException.class, () -> provider.listen(name, TransportOptions.empty()));
    }
    assertThrows(
        ConnectException.class, () -> provider.connect(name, TransportOptions.empty(), TIMEOUT));
  }
}
