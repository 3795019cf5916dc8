package io.github.qmp4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The fast peer: {@code fast-peer.c} (a resource of this module), compiled with the system's C
 * compiler at run time and started as a process. C rather than Java so that the peer costs the same
 * for every client measured against it and has no JIT, GC or thread wake-ups of its own; it still
 * shares the two CPUs with the client, as QEMU does.
 */
final class FastPeer implements AutoCloseable {
  private final Process process;
  private final Path socket;

  private FastPeer(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Tells whether a C compiler is on the PATH. */
  static boolean available() {
    return Tools.onPath("cc") || Tools.onPath("gcc");
  }

  /**
   * Compiles (once per work directory) and starts a peer.
   *
   * @param work a scratch directory
   * @param oob whether the greeting offers {@code oob}
   */
  static FastPeer start(Path work, boolean oob) throws IOException, InterruptedException {
    Path binary = work.resolve("fast-peer");
    Path schema = work.resolve("schema.json");
    Path big = work.resolve("big.json");
    if (!Files.exists(binary)) {
      Path source = work.resolve("fast-peer.c");
      try (InputStream in = FastPeer.class.getResourceAsStream("fast-peer.c")) {
        if (in == null) {
          throw new IOException("fast-peer.c is missing from the class path");
        }
        Files.write(source, in.readAllBytes());
      }
      String cc = Tools.onPath("cc") ? "cc" : "gcc";
      Tools.run(cc, "-O2", "-o", binary.toString(), source.toString());
      Files.writeString(schema, Payloads.schemaLike(Payloads.SCHEMA_BYTES), StandardCharsets.UTF_8);
      Files.writeString(big, Payloads.schemaLike(Payloads.BIG_BYTES), StandardCharsets.UTF_8);
    }
    Path socket = work.resolve(oob ? "fast-oob.sock" : "fast.sock");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                socket.toString(),
                oob ? "oob" : "plain",
                schema.toString(),
                big.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (!"READY".equals(line)) {
      p.destroyForcibly();
      throw new IOException("the fast peer did not start: " + line);
    }
    return new FastPeer(p, socket);
  }

  long pid() {
    return process.pid();
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
    }
  }
}
