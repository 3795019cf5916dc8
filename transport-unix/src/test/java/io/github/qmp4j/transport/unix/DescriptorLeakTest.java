package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Listening, connecting, accepting and passing descriptors, repeated, leave this process with no
 * more open descriptors than before: a soak once found one left behind by every listener on a path.
 * Linux only: it counts the entries of {@code /proc/self/fd}.
 */
class DescriptorLeakTest {
  private static final int CYCLES = 8;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long closes made by other threads may take to show. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final UnixTransportProvider provider = new UnixTransportProvider();
  private final ShortTempDirs dirs = new ShortTempDirs();

  /** Where a socket's name lives, and how a listener binds it. */
  enum Namespace {
    /** A path, bound in a private directory and linked into place. */
    PATH,
    /** A path so long that only it fits in a socket address: bound in place. */
    LONG_PATH,
    /** A name in Linux's abstract namespace. */
    ABSTRACT
  }

  @FunctionalInterface
  private interface Cycle {
    void run() throws Exception;
  }

  @BeforeEach
  void needsProcSelfFd() {
    assumeTrue(OpenDescriptors.listable(), "counts descriptors in /proc/self/fd (Linux only)");
  }

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  private TransportAddress newAddress(Namespace namespace) throws IOException {
    if (namespace == Namespace.ABSTRACT) {
      assumeTrue(NativeSupport.abstractNamespace(), "abstract names exist only on Linux");
      return TransportAddress.parse(
          "unix:@qmp4j-leak-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet());
    }
    Path dir = dirs.newDir();
    if (namespace == Namespace.LONG_PATH) {
      // A directory so deep that "l.sock" still fits beside it but no private directory does.
      Path base = dir;
      int room = UnixSocketTarget.MAX_PATH_BYTES - "/l.sock".length() - base.toString().length();
      dir = Files.createDirectory(base.resolve("d".repeat(room - 1)));
      assertFalse(UnixSocketTarget.fits(dir.resolve(".qmp4j-0/s")), "must bind in place");
    }
    Path socket = dir.resolve("l.sock");
    assertTrue(UnixSocketTarget.fits(socket));
    return TransportAddress.parse("unix:" + socket);
  }

  private TransportListener listen(TransportAddress address) throws IOException {
    return provider.listen(address, TransportOptions.empty());
  }

  private TransportConnection connect(TransportAddress address) throws IOException {
    return provider.connect(address, TransportOptions.empty(), TIMEOUT);
  }

  /**
   * Runs {@code cycle} once so that classes load and lazily opened files open, then {@value
   * #CYCLES} times, and fails unless every descriptor open afterwards was open before.
   */
  private static void assertNoDescriptorLeft(String what, Cycle cycle) throws Exception {
    cycle.run();
    Map<Integer, String> before = OpenDescriptors.snapshot();
    for (int i = 0; i < CYCLES; i++) {
      cycle.run();
    }
    try {
      Eventually.waitFor(
          what + " to close what it opened",
          SETTLE,
          () -> openedSince(before, OpenDescriptors.snapshot()).isEmpty());
    } catch (AssertionError e) {
      AssertionError failure =
          new AssertionError(
              what
                  + " "
                  + CYCLES
                  + " times left these descriptors open: "
                  + openedSince(before, OpenDescriptors.snapshot()));
      failure.initCause(e);
      throw failure;
    }
  }

  /** The descriptors open now that were not, or referred to something else, before. */
  private static Map<Integer, String> openedSince(
      Map<Integer, String> before, Map<Integer, String> now) {
    Map<Integer, String> opened = new TreeMap<>(now);
    opened.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
    return opened;
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void listeningAndClosingLeavesNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    assertNoDescriptorLeft(
        "listen+close on " + address,
        () -> {
          TransportListener listener = listen(address);
          listener.close();
        });
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void connectingAndClosingLeavesNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    try (TransportListener listener = listen(address)) {
      // Never accepted: the peers wait in the kernel's backlog, which holds no descriptor of ours.
      assertNoDescriptorLeft("connect+close to " + listener, () -> connect(address).close());
    }
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void acceptingAndClosingLeavesNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    try (TransportListener listener = listen(address)) {
      assertNoDescriptorLeft(
          "accept+close on " + listener,
          () -> {
            try (TransportConnection client = connect(address);
                TransportConnection accepted = listener.accept()) {
              client.output().write(42);
              assertEquals(42, accepted.input().read());
            }
          });
    }
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void closingWhileAnAcceptWaitsLeavesNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    assertNoDescriptorLeft(
        "close during accept on " + address,
        () -> {
          TransportListener listener = listen(address);
          CompletableFuture<TransportConnection> accepted = new CompletableFuture<>();
          Thread acceptor =
              new Thread(
                  () -> {
                    try {
                      accepted.complete(listener.accept());
                    } catch (IOException | RuntimeException e) {
                      accepted.completeExceptionally(e);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      accepted.completeExceptionally(e);
                    }
                  },
                  "leak-test-accept");
          acceptor.start();
          // Close while the accept waits: that is when junixsocket itself leaked a descriptor.
          Eventually.waitFor("the accept to wait", TIMEOUT, () -> inNativeAccept(acceptor));
          listener.close();
          assertThrows(
              ExecutionException.class,
              () -> accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
          acceptor.join(TIMEOUT.toMillis());
          assertFalse(acceptor.isAlive(), "the accepting thread ended");
        });
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void passingDescriptorsLeavesNoneBehind(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    Path file = Files.createTempFile(dirs.newDir(), "f", ".txt");
    try (TransportListener listener = listen(address)) {
      assertNoDescriptorLeft(
          "passing descriptors over connections to " + listener,
          () -> {
            try (FileInputStream opened = new FileInputStream(file.toFile());
                TransportConnection client = connect(address);
                TransportConnection accepted = listener.accept()) {
              // One arrival the receiver takes and closes, one it leaves to the connection's close.
              send(client, "a", opened.getFD());
              assertEquals('a', accepted.input().read());
              List<FileDescriptor> taken = UnixPair.passing(accepted).takeReceived();
              assertEquals(1, taken.size());
              Descriptors.closeAll(taken);
              send(client, "b", opened.getFD());
              assertEquals('b', accepted.input().read());
            }
          });
    }
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void failedConnectsLeaveNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress nobodyListens = newAddress(namespace);
    assertNoDescriptorLeft(
        "failed connect to " + nobodyListens,
        () -> assertThrows(IOException.class, () -> connect(nobodyListens)));
  }

  @ParameterizedTest
  @EnumSource(Namespace.class)
  void refusedListensLeaveNoDescriptor(Namespace namespace) throws Exception {
    TransportAddress address = newAddress(namespace);
    try (TransportListener listener = listen(address)) {
      assertNoDescriptorLeft(
          "listen on the busy " + address,
          () -> assertThrows(BindException.class, () -> listen(address)));
    }
  }

  /** Whether {@code thread} waits in junixsocket's native accept. */
  private static boolean inNativeAccept(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    return stack.length > 0
        && stack[0].isNativeMethod()
        && stack[0].getMethodName().equals("accept");
  }

  private static void send(TransportConnection from, String bytes, FileDescriptor fd)
      throws IOException {
    UnixPair.passing(from).attachToNextWrite(List.of(fd));
    from.output().write(bytes.getBytes(StandardCharsets.UTF_8));
  }
}
