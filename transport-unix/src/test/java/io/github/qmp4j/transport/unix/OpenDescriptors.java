package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** This process's open descriptors, from {@code /proc/self/fd} (Linux). */
final class OpenDescriptors {
  private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");

  private OpenDescriptors() {}

  /** Whether this platform lists open descriptors where the methods below look. */
  static boolean listable() {
    return Files.isDirectory(PROC_SELF_FD);
  }

  static long referringTo(Path file) {
    try {
      String target = file.toRealPath().toString();
      try (Stream<Path> fds = Files.list(PROC_SELF_FD)) {
        return fds.filter(fd -> target.equals(linkTarget(fd))).count();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every open descriptor with what it refers to ({@code socket:[inode]}, a path, ...), leaving out
   * the one this listing itself opens.
   */
  static Map<Integer, String> snapshot() {
    String listing = "/proc/" + ProcessHandle.current().pid() + "/fd";
    try (Stream<Path> fds = Files.list(PROC_SELF_FD)) {
      Map<Integer, String> open = new TreeMap<>();
      fds.forEach(
          fd -> {
            String target = linkTarget(fd);
            if (!target.isEmpty() && !target.equals(listing)) {
              open.put(Integer.valueOf(fd.getFileName().toString()), target);
            }
          });
      return open;
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
