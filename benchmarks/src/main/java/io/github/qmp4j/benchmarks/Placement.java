package io.github.qmp4j.benchmarks;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the client and the peer run: both on one CPU, or on two. Why the harness pins them: on a
 * small VM a wake-up that crosses to a halted vCPU costs 30–65 µs and one on the same CPU about 5;
 * unpinned, the scheduler picks one regime or the other per connection and per minute, so two
 * clients measured a second apart could differ tenfold for no reason of their own. Pinned, each row
 * says which regime it measured, and both clients of a row had the same one.
 *
 * <p>Pinning uses {@code taskset} on every thread of this JVM (threads started later inherit it)
 * and on the peer's process. Without {@code taskset} or a second CPU nothing is pinned and the rows
 * say "unpinned".
 */
enum Placement {
  ONE_CPU("one CPU", "0", "0"),
  TWO_CPUS("two CPUs", "0", "1"),
  UNPINNED("unpinned", null, null);

  /** Counted before any pinning, which makes the JVM report one CPU. */
  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  private final String label;
  private final @Nullable String jvmCpus;
  private final @Nullable String peerCpus;

  Placement(String label, @Nullable String jvmCpus, @Nullable String peerCpus) {
    this.label = label;
    this.jvmCpus = jvmCpus;
    this.peerCpus = peerCpus;
  }

  String label() {
    return label;
  }

  /** Whether pinning works here: Linux with {@code taskset} and at least two CPUs. */
  static boolean available() {
    return CPUS >= 2 && Tools.onPath("taskset");
  }

  /**
   * Round trips: one CPU (the cheap wake-up), then two when the peer is another process (the costly
   * one, where QEMU and its manager usually are). A peer in this JVM cannot be told apart from the
   * client's threads, so it gets one CPU only.
   */
  static List<Placement> forSequential(boolean peerIsProcess) {
    if (!available()) {
      return List.of(UNPINNED);
    }
    return peerIsProcess ? List.of(ONE_CPU, TWO_CPUS) : List.of(ONE_CPU);
  }

  /**
   * Pipelines: client and peer on a CPU each (client and peer work in parallel, the layout of a
   * manager and its QEMU), then wherever the scheduler puts them.
   */
  static List<Placement> forPipelined() {
    return available() ? List.of(TWO_CPUS, UNPINNED) : List.of(UNPINNED);
  }

  /**
   * Pins this JVM and the peers' processes; {@link #UNPINNED} lets them all run anywhere again.
   *
   * @param peerPids the peers' process ids; empty when the peer lives in this JVM
   */
  void apply(List<Long> peerPids) throws IOException, InterruptedException {
    if (!available()) {
      return;
    }
    String all = "0-" + (CPUS - 1);
    pin(ProcessHandle.current().pid(), jvmCpus == null ? all : jvmCpus);
    for (long pid : peerPids) {
      pin(pid, peerCpus == null ? all : peerCpus);
    }
  }

  /** Lets every thread of this JVM run on every CPU again. */
  static void release() throws IOException, InterruptedException {
    UNPINNED.apply(List.of());
  }

  private static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Tools.run("taskset", "-a", "-p", "-c", cpus, Long.toString(pid));
  }
}
