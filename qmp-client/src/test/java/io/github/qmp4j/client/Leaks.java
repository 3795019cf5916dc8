package io.github.qmp4j.client;

import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a test may leave behind: nothing. Snapshots the client's threads (every thread qmp4j starts
 * is named {@code qmp4j-*}) and this process's open file descriptors, then waits, with a deadline,
 * until both are back to the snapshot.
 */
final class Leaks {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Set<Thread> threadsBefore;
  private final long descriptorsBefore;
  private final Set<String> descriptorListBefore;

  private Leaks() {
    this.threadsBefore = qmp4jThreads();
    this.descriptorsBefore = openDescriptors();
    this.descriptorListBefore = descriptorList();
  }

  /** Takes the snapshot. */
  static Leaks snapshot() {
    return new Leaks();
  }

  /** Returns the live threads whose names start with {@code qmp4j-}. */
  static Set<Thread> qmp4jThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("qmp4j-"))
        .collect(Collectors.toSet());
  }

  /** Returns the number of open file descriptors (sockets included), or -1 without /proc. */
  static long openDescriptors() {
    if (!Files.isDirectory(FDS)) {
      return -1;
    }
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists the open descriptors as "number->target", for a failure message. */
  private static Set<String> descriptorList() {
    if (!Files.isDirectory(FDS)) {
      return Set.of();
    }
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.map(
              fd -> {
                try {
                  return fd.getFileName() + "->" + Files.readSymbolicLink(fd);
                } catch (IOException e) {
                  return fd.getFileName() + "->(gone)";
                }
              })
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> newThreads() {
    return qmp4jThreads().stream()
        .filter(t -> !threadsBefore.contains(t))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  /** Waits until every qmp4j thread started since the snapshot has ended. */
  void assertNoNewThreads() throws InterruptedException {
    Eventually.noEngineThreads();
    try {
      Eventually.waitFor("qmp4j threads to end", DEADLINE, () -> newThreads().isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; still alive: " + newThreads(), e);
    }
  }

  /** Waits until no more descriptors are open than at the snapshot. */
  void assertNoNewDescriptors() throws InterruptedException {
    if (descriptorsBefore < 0) {
      return; // no /proc: nothing to count on this OS
    }
    try {
      Eventually.waitFor(
          "open descriptors to return to " + descriptorsBefore,
          DEADLINE,
          () -> openDescriptors() <= descriptorsBefore);
    } catch (AssertionError e) {
      Set<String> now = new java.util.TreeSet<>(descriptorList());
      now.removeAll(descriptorListBefore);
      throw new AssertionError(e.getMessage() + "; opened since: " + now, e);
    }
  }
}
