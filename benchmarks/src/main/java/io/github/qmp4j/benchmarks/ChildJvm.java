package io.github.qmp4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Runs part of the harness in another JDK's JVM, on the same class path, and reads its rows. */
final class ChildJvm {
  private ChildJvm() {}

  /** {@code QMP4J_BENCH_JAVA<N>}, else a JDK of that feature version under /usr/lib/jvm. */
  static @Nullable Path findJava(int feature) throws IOException {
    String env = System.getenv("QMP4J_BENCH_JAVA" + feature);
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Path.of(env);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      for (Path dir : dirs.sorted().toList()) {
        String name = dir.getFileName().toString();
        Path java = dir.resolve("bin/java");
        if (name.matches(".*-" + feature + "(-.*|\\\\..*)?") && Files.isExecutable(java)) {
          return java;
        }
      }
    }
    return null;
  }

  static List<Row> run(Path java, List<String> harnessArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xms1g");
    command.add("-Xmx1g");
    command.add("--enable-native-access=ALL-UNNAMED"); // junixsocket loads its JNI library
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-classpath");
    command.add(System.getProperty("java.class.path"));
    command.add(Harness.class.getName());
    command.addAll(harnessArgs);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Row> rows = new ArrayList<>();
    List<String> other = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Row row = Row.parse(line);
        if (row != null) {
          rows.add(row);
        } else {
          other.add(line);
        }
      }
    }
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          "the Java child "
              + command
              + " failed ("
              + p.exitValue()
              + "):\n"
              + String.join("\n", other));
    }
    return rows;
  }
}
