package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open descriptors that refer to a file, from {@code /proc/self/fd}. */
final class OpenDescriptors {
  private OpenDescriptors() {}

  static long referringTo(Path file) {
    try {
      String target = file.toRealPath().toString();
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        return fds.filter(fd -> target.equals(linkTarget(fd))).count();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String linkTarget(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed between listing and reading: not ours to count
    }
  }
}
