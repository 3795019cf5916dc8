package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmp4j fake} as a process of its own, reached by {@code qmp4j exec}. */
class FakeProcessTest {
  /** Starts {@code qmp4j fake ARGS} in a new JVM on this test's class path. */
  private static Process startFake(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.add("fake");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
  }

  /** Reads the first stdout line (the address) with a deadline. */
  private static String firstLine(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      String address = line.get(30, TimeUnit.SECONDS);
      if (address == null) {
        throw new AssertionError("the fake ended without printing its address: " + stderr(p));
      }
      return address;
    } catch (TimeoutException e) {
      throw new AssertionError("the fake printed no address within 30 s", e);
    }
  }

  private static String stderr(Process p) throws IOException {
    p.destroyForcibly();
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void execReachesAFakeStartedAsAProcess(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script.json");
    Files.writeString(
        script,
        """
        {"status": "paused",
         "commands": {"query-block": {"return": [{"device": "drive0"}]},
                      "blockdev-del": {"error": {"class": "GenericError", "desc": "busy"}}}}
        """);
    Process fake = startFake("--listen", "tcp:127.0.0.1:0", "--script", script.toString());
    try {
      String address = firstLine(fake);
      assertTrue(address.matches("tcp:127\\.0\\.0\\.1:\\d+"), address);
      Tool.Result status = Tool.run("exec", "-a", address, "query-status");
      assertEquals(0, status.code(), status.toString());
      assertEquals(
          "{\"status\":\"paused\",\"singlestep\":false,\"running\":false}\n", status.out());
      Tool.Result block = Tool.run("exec", "-a", address, "query-block");
      assertEquals("[{\"device\":\"drive0\"}]\n", block.out());
      Tool.Result error = Tool.run("exec", "-a", address, "blockdev-del", "node-name=x");
      assertEquals(1, error.code(), error.toString());
      assertEquals("GenericError: busy\n", error.err());
    } finally {
      stop(fake);
    }
  }

  @Test
  void aUnixSocketAddress() throws Exception {
    Path socket = Files.createTempDirectory(Path.of("/tmp"), "qmp4j-").resolve("fake.sock");
    Process fake = startFake("--listen", "unix:" + socket);
    try {
      String address = firstLine(fake);
      assertEquals("unix:" + socket, address);
      Tool.Result r = Tool.run("exec", "-a", socket.toString(), "query-version");
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().contains("\"major\":7"), r.out());
    } finally {
      stop(fake);
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socket.getParent());
    }
  }

  @Test
  void aBadScriptEndsTheFakeWithExitTwo(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("bad.json");
    Files.writeString(script, "{\"commands\": {\"x\": {\"error\": {\"class\": 1}}}}");
    Tool.Result r = Tool.run("fake", "--script", script.toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("qmp4j: $.commands"), r.err());
    Tool.Result missing = Tool.run("fake", "--script", dir.resolve("none.json").toString());
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("NoSuchFileException"), missing.err());
  }
}
