package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.testing.QemuProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Fresh directories with short paths under /tmp (a socket path must fit in 107 bytes). */
final class ShortTempDirs {
  private final List<Path> made = new ArrayList<>();

  Path newDir() throws IOException {
    Path dir = QemuProcess.newTempDir();
    made.add(dir);
    return dir;
  }

  void deleteAll() throws IOException {
    for (Path dir : made) {
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    made.clear();
  }
}
