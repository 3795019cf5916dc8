package io.github.qmp4j.protocol.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code qemu-system-x86_64} for tests. Tests that need QEMU call {@link #assumeAvailable()}
 * first: without QEMU they are skipped, except under {@code QMP4J_REQUIRE_QEMU=1} (CI), where a
 * missing QEMU fails them. {@link #close()} kills QEMU and removes its temporary directory.
 */
public final class QemuProcess implements AutoCloseable {
  /** The binary, found on the PATH. */
  public static final String BINARY = "qemu-system-x86_64";

  private final Process process;
  private final Path dir;
  private final Path log;

  private QemuProcess(Process process, Path dir, Path log) {
    this.process = process;
    this.dir = dir;
    this.log = log;
  }

  /** Tells whether QEMU is installed. */
  public static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(d, BINARY))) {
        return true;
      }
    }
    return false;
  }

  /** Tells whether CI demands that QEMU tests run ({@code QMP4J_REQUIRE_QEMU=1}). */
  public static boolean required() {
    return "1".equals(System.getenv("QMP4J_REQUIRE_QEMU"));
  }

  /** Skips the calling test when QEMU is missing, or fails it when QEMU is required. */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    if (required()) {
      fail(BINARY + " is not installed, and QMP4J_REQUIRE_QEMU=1 requires QEMU tests to run");
    }
    Assumptions.abort(BINARY + " is not installed; install qemu-system-x86 to run this test");
  }

  /** Makes a fresh private temporary directory for sockets and certificates. */
  public static Path newTempDir() throws IOException {
    // Short paths: a Unix socket path must fit in 108 bytes.
    return Files.createTempDirectory(Path.of("/tmp"), "qmp4j-");
  }

  /**
   * Starts QEMU with {@code -nodefaults -display none} and the given arguments.
   *
   * @param dir a directory from {@link #newTempDir()}; removed on close
   * @param args e.g. {@code -machine none -qmp unix:DIR/qmp.sock,server=on,wait=off}
   * @return the running process
   */
  public static QemuProcess start(Path dir, List<String> args) throws IOException {
    assumeAvailable();
    List<String> command = new ArrayList<>(List.of(BINARY, "-nodefaults", "-display", "none"));
    command.addAll(args);
    Path log = dir.resolve("qemu.log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new QemuProcess(p, dir, log);
  }

  /**
   * Starts QEMU with {@code -machine none} and a QMP monitor on a Unix socket in a new directory,
   * and waits for the socket to appear.
   *
   * @param extra more arguments
   * @return the running process; {@link #qmpSocket()} is the monitor
   */
  public static QemuProcess startWithUnixMonitor(String... extra) throws IOException {
    assumeAvailable();
    Path dir = newTempDir();
    List<String> args = new ArrayList<>();
    if (!List.of(extra).contains("-machine") && !List.of(extra).contains("-M")) {
      args.addAll(List.of("-machine", "none"));
    }
    args.addAll(List.of("-qmp", "unix:" + dir.resolve("qmp.sock") + ",server=on,wait=off"));
    args.addAll(List.of(extra));
    QemuProcess qemu = start(dir, args);
    qemu.awaitListening(dir.resolve("qmp.sock"), Duration.ofSeconds(20));
    return qemu;
  }

  /** Returns the monitor socket of {@link #startWithUnixMonitor}. */
  public Path qmpSocket() {
    return dir.resolve("qmp.sock");
  }

  /** Returns this QEMU's temporary directory. */
  public Path dir() {
    return dir;
  }

  /** Returns the process. */
  public Process process() {
    return process;
  }

  /** Returns what QEMU printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Waits until a file (a socket) exists, failing early if QEMU exits. */
  public void awaitFile(Path path, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(path)) {
      if (!process.isAlive()) {
        fail("QEMU exited with " + process.exitValue() + ": " + output());
      }
      if (System.nanoTime() > deadline) {
        fail("QEMU did not create " + path + " within " + timeout + ": " + output());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /**
   * Waits until QEMU listens on a Unix socket. The file appears at bind(2), a moment before
   * listen(2), and a connect in between is refused; /proc/net/unix shows the listening flag
   * (__SO_ACCEPTCON) without connecting, so QEMU's one monitor client slot stays free.
   */
  public void awaitListening(Path socket, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitFile(socket, timeout);
    String path = socket.toAbsolutePath().toString();
    while (!listening(path)) {
      if (!process.isAlive()) {
        fail("QEMU exited with " + process.exitValue() + ": " + output());
      }
      if (System.nanoTime() > deadline) {
        fail("QEMU did not listen on " + socket + " within " + timeout + ": " + output());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  private static boolean listening(String path) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/unix"), StandardCharsets.UTF_8)) {
        String[] f = line.trim().split("\\s+", -1);
        // Num RefCount Protocol Flags Type St Inode Path
        if (f.length >= 8 && f[7].equals(path) && (Long.parseLong(f[3], 16) & 0x10000) != 0) {
          return true;
        }
      }
      return false;
    } catch (IOException | NumberFormatException e) {
      return true; // no /proc: fall back to the file alone
    }
  }

  /** Sends a signal such as {@code STOP}, {@code CONT} or {@code KILL} to QEMU. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      fail("kill -" + name + " failed");
    }
  }

  /** Waits for QEMU to exit by itself (after {@code quit}), returning whether it did. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
