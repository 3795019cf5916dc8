package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as {@code mvn package} leaves it, started by the {@code ./qmp4j} launcher or
 * {@code java -jar}: the README's first command, every transport found through the merged service
 * files, logging kept off stdout. Runs in the package phase, after the jar is built.
 */
class RunnableJarIT {
  private static final Path JAR = Path.of("target", "qmp4j.jar").toAbsolutePath();
  private static final Path LAUNCHER = Path.of("..", "qmp4j").toAbsolutePath().normalize();

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String stdin, List<String> command)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("QMP_SOCKET");
    pb.environment().remove("QMP4J_LOG");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p, true));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p, false));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("qmp4j did not finish within 60 s: " + command);
      }
      return new Run(p.exitValue(), out.get(), err.get());
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(Process p, boolean stdout) {
    try {
      return new String(
          (stdout ? p.getInputStream() : p.getErrorStream()).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Run jar(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return run(Map.of(), "", command);
  }

  @Test
  void theReadmeCommandThroughTheLauncher() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " was not built");
    Run r = run(Map.of(), "", List.of("sh", LAUNCHER.toString(), "exec", "query-status"));
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"status\":\"running\",\"singlestep\":false,\"running\":true}\n", r.out());
    assertEquals(EmbeddedFake.NOTICE + "\n", r.err());
  }

  @Test
  void everyTransportIsInTheJar() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qmp4j-");
    Path socket = dir.resolve("fake.sock");
    try (FakeQmpServer tcp = new FakeQmpServer();
        FakeQmpServer unix = new FakeQmpServer()) {
      for (String address :
          List.of(
              tcp.start("tcp:127.0.0.1:0").toString(), unix.start("unix:" + socket).toString())) {
        Run r = jar("exec", "-a", address, "query-version");
        assertEquals(0, r.code(), address + ": " + r);
        assertTrue(r.out().contains("\"major\":7"), r.out());
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
    // TLS: the transport is found and BouncyCastle works from the merged jar (a handshake is
    // proven by TlsTest and QemuTest); nothing listens on the port, so the answer is "refused".
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run tls = jar("exec", "-a", "tls:127.0.0.1:" + port, "query-version");
    assertEquals(2, tls.code(), tls.toString());
    assertEquals(
        "qmp4j: cannot connect to tls:127.0.0.1:" + port + ": Connection refused\n",
        tls.err(),
        "one line: the TLS library's own logging is kept quiet");
  }

  @Test
  void logsStayOffStdoutUnlessAskedFor() throws Exception {
    Run quiet = jar("exec", "query-status");
    assertEquals(EmbeddedFake.NOTICE + "\n", quiet.err());
    Run debug = jar("--debug", "exec", "query-status");
    assertEquals(0, debug.code(), debug.toString());
    assertEquals(quiet.out(), debug.out(), "stdout holds only the reply");
    assertTrue(debug.err().contains("--> {\"execute\":\"query-status\""), debug.err());
    Run env =
        run(
            Map.of("QMP4J_LOG", "debug"),
            "",
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "exec",
                "query-status"));
    assertTrue(env.err().contains("<-- {\"return\""), env.err());
    assertFalse(env.out().contains("-->"), env.out());
  }

  @Test
  void thePipedShellAndVersion() throws Exception {
    List<String> shell =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-jar",
            JAR.toString(),
            "shell");
    Run r = run(Map.of(), "query-status\nstop\nquery-status\n", shell);
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("{\"return\":{\"status\":\"paused\""), r.out());
    Run version = jar("--version");
    assertTrue(version.out().matches("qmp4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), version.out());
  }
}
