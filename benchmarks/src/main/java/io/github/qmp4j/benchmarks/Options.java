package io.github.qmp4j.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harness's command line.
 *
 * <pre>
 *   --quick            a handful of iterations per scenario (the smoke test)
 *   --only=a,b         only these scenarios: sequential, pipelined, events, large, fake, qemu,
 *                      connections, java25
 *   --connections=N    clients in the many-connections scenario (default 1000)
 *   --child            run as the Java 25 child of another run (prints ROW lines)
 *   --profile          record JFR during the fast-peer scenarios and print the top costs
 * </pre>
 */
final class Options {
  static final List<String> SCENARIOS =
      List.of(
          "sequential", "pipelined", "events", "large", "fake", "qemu", "connections", "java25");

  final boolean quick;
  final boolean child;
  final boolean profile;
  final int connections;
  final Set<String> only;

  private Options(
      boolean quick, boolean child, boolean profile, int connections, Set<String> only) {
    this.quick = quick;
    this.child = child;
    this.profile = profile;
    this.connections = connections;
    this.only = only;
  }

  static Options parse(String... args) {
    boolean quick = false;
    boolean child = false;
    boolean profile = false;
    int connections = -1;
    Set<String> only = new LinkedHashSet<>(SCENARIOS);
    for (String a : args) {
      if (a.isBlank()) {
        continue;
      }
      if (a.equals("--quick")) {
        quick = true;
      } else if (a.equals("--child")) {
        child = true;
      } else if (a.equals("--profile")) {
        profile = true;
      } else if (a.startsWith("--connections=")) {
        connections = Integer.parseInt(a.substring("--connections=".length()));
      } else if (a.startsWith("--only=")) {
        only = new LinkedHashSet<>(Arrays.asList(a.substring("--only=".length()).split(",", -1)));
        for (String s : only) {
          if (!SCENARIOS.contains(s)) {
            throw new IllegalArgumentException("unknown scenario " + s + "; known: " + SCENARIOS);
          }
        }
      } else {
        throw new IllegalArgumentException("unknown option " + a + "; see Options.java");
      }
    }
    if (connections < 0) {
      connections = quick ? 20 : 1000;
    }
    return new Options(quick, child, profile, connections, only);
  }

  boolean runs(String scenario) {
    return only.contains(scenario);
  }

  /** A full-run count, or a small one under {@code --quick}. */
  int count(int full, int quickCount) {
    return quick ? quickCount : full;
  }
}
