package io.github.qmp4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the soak watches for leaks: qmp4j's threads, this process's descriptors, the heap. */
final class SoakProbes {
  private SoakProbes() {}

  /** Live threads whose name starts with {@code qmp4j-} (the client's and the fake's). */
  static List<String> qmp4jThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("qmp4j-"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Open descriptors of this process ({@code /proc/self/fd}), or -1 where there is no /proc. */
  static long openDescriptors() {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(fds)) {
      return s.count() - 1; // the directory stream's own descriptor
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * What each open descriptor points to (a path, or {@code socket:[inode]} with the Unix socket's
   * path from {@code /proc/net/unix} when it has one), for the leak report.
   */
  static List<String> descriptorTargets() {
    Path fds = Path.of("/proc/self/fd");
    List<String> unix;
    try {
      unix = Files.readAllLines(Path.of("/proc/net/unix"));
    } catch (IOException e) {
      unix = List.of();
    }
    List<String> unixSockets = unix;
    try (Stream<Path> s = Files.list(fds)) {
      return s.map(
              p -> {
                try {
                  String target = Files.readSymbolicLink(p).toString();
                  return p.getFileName() + "->" + target + unixPath(unixSockets, target);
                } catch (IOException e) {
                  return p.getFileName() + "->?";
                }
              })
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String unixPath(List<String> unixSockets, String target) {
    if (!target.startsWith("socket:[")) {
      return "";
    }
    String inode = target.substring("socket:[".length(), target.length() - 1);
    for (String line : unixSockets) {
      String[] f = line.trim().split("\\s+", -1);
      if (f.length >= 7 && f[6].equals(inode)) {
        return " (unix, state " + f[5] + (f.length > 7 ? ", " + f[7] : ", no path") + ")";
      }
    }
    return "";
  }

  /**
   * Heap used after a full collection, in bytes: the lower of two collections in a row, since other
   * threads keep allocating while the first one runs.
   */
  static long heapAfterFullGc() {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      System.gc(); // explicit on purpose: "heap flat" means live data, not garbage not collected
      lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return lowest;
  }
}
