package io.github.qmp4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs one scenario for several clients against one peer, in alternating rounds (A B, B A, ...) so
 * that a machine getting slower or faster during the run shifts every client alike, and divides
 * each client's rate by the baseline's from the same rounds.
 */
final class Measure {
  private Measure() {}

  /** Per subject: latencies, bytes allocated during timed work. */
  private static final class Tally {
    final Latencies latencies;
    long allocated;
    long cpu;

    Tally(int expected) {
      latencies = new Latencies(expected);
    }
  }

  /** One thing to do against an open session, repeated and timed. */
  @FunctionalInterface
  interface Work {
    /** Runs one timed round; returns the operations (or units) it counts. */
    long round(Subject subject, Subject.Session session, Latencies latencies) throws Exception;
  }

  /**
   * Measures {@code work} for every subject.
   *
   * @param warmup untimed rounds per subject first (JIT)
   * @param rounds timed rounds per subject, alternating order
   * @param reconnect whether every round opens its own session (QEMU serves one at a time)
   */
  static Map<Subject, Latencies> run(
      List<Subject> subjects, int warmup, int rounds, boolean reconnect, Work work, Tallies out)
      throws Exception {
    Map<Subject, Tally> tallies = new LinkedHashMap<>();
    Map<Subject, Subject.Session> open = new LinkedHashMap<>();
    try {
      for (Subject s : subjects) {
        tallies.put(s, new Tally(1024));
        Subject.Session session = s.open();
        for (int i = 0; i < warmup; i++) {
          work.round(s, session, new Latencies(1024));
        }
        if (warmup > 1) {
          settleJit(s, session, work, warmup);
        }
        if (reconnect) {
          session.close();
        } else {
          open.put(s, session);
        }
      }
      for (int r = 0; r < rounds; r++) {
        List<Subject> order = new ArrayList<>(subjects);
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Subject s : order) {
          Subject.Session session = reconnect ? s.open() : open.get(s);
          if (session == null) {
            throw new IllegalStateException("no session for " + s.name());
          }
          try {
            Tally t = tallies.get(s);
            if (t == null) {
              throw new IllegalStateException("no tally for " + s.name());
            }
            long allocBefore = Allocations.total();
            long cpuBefore = Allocations.processCpuNanos();
            long t0 = System.nanoTime();
            long ops = work.round(s, session, t.latencies);
            long wall = System.nanoTime() - t0;
            t.cpu += Allocations.processCpuNanos() - cpuBefore;
            t.allocated += Allocations.total() - allocBefore;
            t.latencies.addRound(ops, wall);
          } finally {
            if (reconnect) {
              session.close();
            }
          }
        }
      }
    } finally {
      for (Subject.Session session : open.values()) {
        session.close();
      }
    }
    Map<Subject, Latencies> result = new LinkedHashMap<>();
    for (Map.Entry<Subject, Tally> e : tallies.entrySet()) {
      result.put(e.getKey(), e.getValue().latencies);
      out.allocated.put(e.getKey(), e.getValue().allocated);
      out.cpu.put(e.getKey(), e.getValue().cpu);
    }
    return result;
  }

  /** How long {@link #settleJit} may extend one subject's warm-up. */
  private static final java.time.Duration SETTLE_AT_MOST = java.time.Duration.ofSeconds(10);

  /**
   * Goes on warming up while the JIT is still compiling: on a loaded machine C2 gets less CPU and a
   * fixed warm-up can end with qmp4j's path still interpreted (50 µs of CPU per command instead of
   * 5). Stops once a tenth of the warm-up adds under 5 ms of compilation, at 4 times the warm-up,
   * or after {@link #SETTLE_AT_MOST}: a slow peer (the fake in the same JVM, whose own code keeps
   * the JIT busy) would otherwise stretch the whole run past its 5-minute budget.
   */
  private static void settleJit(Subject s, Subject.Session session, Work work, int warmup)
      throws Exception {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    int step = Math.max(1, warmup / 10);
    long deadline = System.nanoTime() + SETTLE_AT_MOST.toNanos();
    for (int extra = 0; extra < 3 * warmup && System.nanoTime() - deadline < 0; extra += step) {
      long before = jit.getTotalCompilationTime();
      for (int i = 0; i < step; i++) {
        work.round(s, session, new Latencies(1024));
      }
      if (jit.getTotalCompilationTime() - before < 5) {
        return;
      }
    }
  }

  /** Bytes allocated per subject, filled by {@link #run}. */
  static final class Tallies {
    final Map<Subject, Long> allocated = new LinkedHashMap<>();
    final Map<Subject, Long> cpu = new LinkedHashMap<>();
  }

  /** Turns results into rows, each compared with the fastest baseline among them. */
  static List<Row> rows(
      String scenario,
      String peer,
      Map<Subject, Latencies> results,
      Tallies tallies,
      String unit,
      String target) {
    Row baseline = null;
    int baselineIndex = -1;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Subject, Latencies> e : results.entrySet()) {
      Subject s = e.getKey();
      Latencies l = e.getValue();
      Row row = Row.of(scenario, peer, s.name(), l, unit);
      Long bytes = tallies.allocated.get(s);
      Long cpu = tallies.cpu.get(s);
      if (bytes != null && cpu != null && l.operations() > 0) {
        row = row.withCost(bytes / l.operations(), cpu / 1000.0 / l.operations());
      }
      // The fastest raw loop of the run is the baseline. Why: on an idle VM a round trip is
      // either ~5 µs (the vCPUs stay awake) or ~30-60 µs (a vCPU halts between messages and must
      // be woken), and which regime a loop lands in is luck of timing, not a property of the
      // client; dividing by the faster raw loop never flatters qmp4j.
      if (s.baseline() && (baseline == null || row.rate() > baseline.rate())) {
        baseline = row;
        baselineIndex = rows.size();
      }
      rows.add(row);
    }
    List<Row> compared = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      compared.add(baseline == null || i == baselineIndex ? row : row.against(baseline, target));
    }
    return compared;
  }

  static @Nullable Row find(List<Row> rows, String client) {
    for (Row r : rows) {
      if (r.client().equals(client)) {
        return r;
      }
    }
    return null;
  }
}
