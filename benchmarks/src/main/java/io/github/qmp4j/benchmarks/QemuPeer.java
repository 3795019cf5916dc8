package io.github.qmp4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real QEMU ({@code -machine none}) with its QMP monitor on a Unix socket. */
final class QemuPeer implements AutoCloseable {
  static final String BINARY = "qemu-system-x86_64";

  private final Process process;
  private final Path socket;

  private QemuPeer(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  static boolean available() {
    return Tools.onPath(BINARY);
  }

  /** The version line QEMU prints, e.g. {@code QEMU emulator version 7.2.x}. */
  static String version() {
    try {
      return Tools.run(BINARY, "--version").lines().findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  static QemuPeer start(Path work) throws IOException, InterruptedException {
    Path socket = work.resolve("qemu.sock");
    Files.deleteIfExists(socket);
    Process p =
        new ProcessBuilder(
                BINARY,
                "-machine",
                "none",
                "-nodefaults",
                "-display",
                "none",
                "-qmp",
                "unix:" + socket + ",server=on,wait=off")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("qemu.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // The socket file appears before QEMU listens: probe until a client gets the greeting.
    while (!greets(socket)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException("QEMU did not open " + socket + "; see " + work.resolve("qemu.log"));
      }
      Thread.sleep(20); // polling a process that gives no other sign of being ready
    }
    return new QemuPeer(p, socket);
  }

  private static boolean greets(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (RawClient probe = new RawClient(Wire.jdkUnix(socket))) {
      probe.nextLine();
      return probe.lineContains("\"QMP\"");
    } catch (IOException e) {
      return false;
    }
  }

  Path socket() {
    return socket;
  }

  String address() {
    return "unix:" + socket;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
