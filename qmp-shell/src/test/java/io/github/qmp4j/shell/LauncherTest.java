package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./qmp4j} launcher at the repository root, copied into a scratch tree: it explains how
 * to build a missing jar, and it runs the jar with the arguments and exit code intact. The jar here
 * is a manifest that points at this test's class path, standing in for the shaded one.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "qmp4j").toAbsolutePath().normalize();

  private record Run(int code, String out, String err) {}

  private static Run run(Path launcher, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("QMP_SOCKET");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    p.getOutputStream().close();
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the launcher did not finish within 60 s");
      }
      return new Run(p.exitValue(), out.get(), err.get());
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path copyLauncher(Path root) throws IOException {
    Path copy = root.resolve("qmp4j");
    Files.copy(LAUNCHER, copy, StandardCopyOption.COPY_ATTRIBUTES);
    return copy;
  }

  @Test
  void withoutTheJarItSaysHowToBuildIt(@TempDir Path root) throws Exception {
    Run r = run(copyLauncher(root), "exec", "query-status");
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().contains("qmp-shell/target/qmp4j.jar is missing"), r.err());
    assertTrue(r.err().contains("mvn -B -q package -DskipTests"), r.err());
  }

  @Test
  void itRunsTheJarWithTheArgumentsAndExitCode(@TempDir Path root) throws Exception {
    Path launcher = copyLauncher(root);
    Path jar = root.resolve("qmp-shell/target/qmp4j.jar");
    Files.createDirectories(jar.getParent());
    writeManifestJar(jar);

    Run ok = run(launcher, "exec", "human-monitor-command", "command-line=info version");
    assertEquals(0, ok.code(), ok.toString());
    assertEquals("\"7.2.0\\r\\n\"\n", ok.out());
    assertEquals(EmbeddedFake.NOTICE + "\n", ok.err());

    Run error = run(launcher, "exec", "no-such-command");
    assertEquals(1, error.code(), error.toString());
  }

  /** A jar whose manifest starts {@link Main} on this test's class path. */
  private static void writeManifestJar(Path jar) throws IOException {
    StringBuilder classPath = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry).toAbsolutePath();
      classPath.append(p.toUri()).append(' ');
    }
    Manifest manifest = new Manifest();
    Attributes a = manifest.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    a.put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
  }
}
