package io.github.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlacementTest {
  /** The CPUs every thread of the process may run on; fails if its threads disagree. */
  private static String allowedCpus(long pid) throws IOException {
    Set<String> lists = new TreeSet<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
              lists.add(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (NoSuchFileException e) {
          // the thread ended while we looked
        }
      }
    }
    assertEquals(1, lists.size(), () -> "threads of " + pid + " pinned differently: " + lists);
    return lists.iterator().next();
  }

  @AfterEach
  void release() throws Exception {
    Placement.release();
  }

  @Test
  void eachPlacementPinsThisJvmAndThePeerWhereItSays() throws Exception {
    assumeTrue(Placement.available(), "no taskset or a single CPU");
    long self = ProcessHandle.current().pid();
    String all = allowedCpus(self);
    Process peer = new ProcessBuilder("sleep", "60").start();
    try {
      Placement.ONE_CPU.apply(List.of(peer.pid()));
      assertEquals("0", allowedCpus(self));
      assertEquals("0", allowedCpus(peer.pid()));

      Placement.TWO_CPUS.apply(List.of(peer.pid()));
      assertEquals("0", allowedCpus(self));
      assertEquals("1", allowedCpus(peer.pid()));

      Placement.UNPINNED.apply(List.of(peer.pid()));
      assertEquals(all, allowedCpus(self));
      assertEquals(all, allowedCpus(peer.pid()));

      Placement.ONE_CPU.apply(List.of());
      Placement.release();
      assertEquals(all, allowedCpus(self), "released");
    } finally {
      peer.destroyForcibly();
    }
  }
}
