package io.github.qmp4j.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The soak's tallies over all clients, the invariants judged on them, and the summary table. */
final class SoakResult {
  private static final double MIB = 1024.0 * 1024.0;

  /** Heap may not grow by more than this (or 10% of the lowest sample) after warm-up. */
  private static final long HEAP_SLACK = 8L << 20;

  final SoakOptions options;
  Duration elapsed = Duration.ZERO;
  int faults;
  long eventsEmitted;
  long eventsWhileReconnecting;
  long mustDeliverPerClient;
  long replies;
  long failedByDisconnect;
  long hung;
  long otherFailures;
  long descriptorsPassed;
  long descriptorsMissing;
  long eventsReceived;
  long eventsMissing;
  long eventsOutOfOrder;
  long sessions;
  long sessionEndsUnexpected;
  int stuckThreads;
  int notBackBeforeFault;
  boolean allBackAtEnd;
  boolean allEventsDrained;
  final List<String> problems = new ArrayList<>();
  final List<Long> heapSamples = new ArrayList<>();
  long heapAtEnd;
  List<String> threadsBefore = List.of();
  List<String> threadsAfter = List.of();
  boolean threadsReturned;
  long descriptorsBefore;
  List<String> descriptorTargetsBefore = List.of();
  List<String> descriptorTargetsAfter = List.of();
  long descriptorsAfter;
  boolean descriptorsReturned;

  SoakResult(SoakOptions options) {
    this.options = options;
  }

  /** Folds in one client, before it is closed (closing ends one more session). */
  void add(SoakClient c, BitSet mustDeliver, int faultsInjected) {
    replies += c.replies.get();
    failedByDisconnect += c.failedByDisconnect.get();
    hung += c.hung.get();
    otherFailures += c.otherFailures.get();
    descriptorsPassed += c.descriptorsPassed.get();
    descriptorsMissing += c.descriptorsMissing.get();
    eventsReceived += c.eventsReceived.get();
    eventsOutOfOrder += c.eventsOutOfOrder.get();
    sessions += c.sessions.get();
    // Every forced disconnect ends each client's session once; any other end is unexpected.
    sessionEndsUnexpected += Math.abs(c.sessionEnds.get() - faultsInjected);
    BitSet missing = (BitSet) mustDeliver.clone();
    missing.andNot(c.seen());
    eventsMissing += missing.cardinality();
    mustDeliverPerClient = mustDeliver.cardinality();
    for (String p : c.problems) {
      if (problems.size() < 30) {
        problems.add(p);
      }
    }
  }

  /** Heap samples after warm-up: all but the first (the first minute of a 10-minute run). */
  List<Long> heapAfterWarmUp() {
    return heapSamples.size() <= 1 ? heapSamples : heapSamples.subList(1, heapSamples.size());
  }

  /** Growth of heap after warm-up: the last sample over the lowest, in bytes. */
  long heapGrowth() {
    List<Long> h = heapAfterWarmUp();
    if (h.isEmpty()) {
      return 0;
    }
    long min = h.stream().mapToLong(Long::longValue).min().orElse(0);
    return h.get(h.size() - 1) - min;
  }

  boolean heapFlat() {
    List<Long> h = heapAfterWarmUp();
    long min = h.stream().mapToLong(Long::longValue).min().orElse(0);
    return heapGrowth() <= Math.max(HEAP_SLACK, min / 10);
  }

  List<String> failures() {
    List<String> f = new ArrayList<>();
    if (hung > 0 || stuckThreads > 0) {
      f.add("calls never completed: " + hung + " timed out, " + stuckThreads + " threads stuck");
    }
    if (otherFailures > 0) {
      f.add(otherFailures + " calls failed other than by a forced disconnect");
    }
    if (descriptorsMissing > 0) {
      f.add(descriptorsMissing + " descriptors acknowledged but not held by the fake");
    }
    if (eventsMissing > 0 || !allEventsDrained) {
      f.add(eventsMissing + " events lost (emitted while every client was connected)");
    }
    if (eventsOutOfOrder > 0) {
      f.add(eventsOutOfOrder + " events out of order or duplicated");
    }
    if (sessionEndsUnexpected > 0 || !allBackAtEnd || notBackBeforeFault > 0) {
      f.add(
          "sessions did not follow the forced disconnects ("
              + sessionEndsUnexpected
              + " unexpected ends; all back at the end: "
              + allBackAtEnd
              + "; faults before every client was back: "
              + notBackBeforeFault
              + ")");
    }
    if (!threadsReturned) {
      f.add("qmp4j threads leaked: before " + threadsBefore + ", after " + threadsAfter);
    }
    if (!descriptorsReturned) {
      List<String> added = new ArrayList<>(descriptorTargetsAfter);
      added.removeAll(descriptorTargetsBefore);
      f.add(
          "descriptors leaked: "
              + descriptorsBefore
              + " before, "
              + descriptorsAfter
              + " after; new: "
              + added);
    }
    if (!heapFlat()) {
      f.add(String.format("heap grew %.1f MiB after warm-up", heapGrowth() / MIB));
    }
    if (replies == 0 || eventsReceived == 0 || descriptorsPassed == 0) {
      f.add("no traffic: replies " + replies + ", events " + eventsReceived);
    }
    return f;
  }

  boolean passed() {
    return failures().isEmpty();
  }

  void print(PrintStream out) {
    double secs = elapsed.toNanos() / 1e9;
    long calls = replies + failedByDisconnect + hung + otherFailures;
    out.println();
    out.println("| measure | value |");
    out.println("|---|--:|");
    row(out, "clients", String.valueOf(options.clients()));
    row(out, "traffic ran", String.format("%.1f s", secs));
    row(out, "calls issued", String.format("%,d (%,.0f/s)", calls, calls / secs));
    row(out, "replies received", String.format("%,d", replies));
    row(out, "calls failed by a forced disconnect", String.format("%,d", failedByDisconnect));
    row(out, "calls hung (no reply in 15 s) / threads stuck", hung + " / " + stuckThreads);
    row(out, "calls failed otherwise", String.valueOf(otherFailures));
    row(
        out,
        "descriptors passed (getfd, checked on the fake)",
        String.format("%,d", descriptorsPassed));
    row(out, "forced disconnects (all connections each)", String.valueOf(faults));
    row(out, "sessions (all clients)", String.format("%,d", sessions));
    row(out, "unexpected session ends", String.valueOf(sessionEndsUnexpected));
    row(out, "events emitted", String.format("%,d", eventsEmitted));
    row(
        out,
        "  of which while some client was reconnecting",
        String.format("%,d", eventsWhileReconnecting));
    row(
        out,
        "events received (all clients)",
        String.format(
            "%,d (%,d due to each client, all connected)", eventsReceived, mustDeliverPerClient));
    row(out, "events lost / out of order", eventsMissing + " / " + eventsOutOfOrder);
    row(out, "qmp4j-* threads before / after", threadsBefore.size() + " / " + threadsAfter.size());
    row(out, "open descriptors before / after", descriptorsBefore + " / " + descriptorsAfter);
    StringBuilder series = new StringBuilder();
    for (long h : heapSamples) {
      series.append(series.length() == 0 ? "" : ", ").append(String.format("%.1f", h / MIB));
    }
    row(
        out,
        "heap after full GC, every " + options.sampleEvery().toSeconds() + " s (MiB)",
        series.toString());
    row(out, "heap growth after the first sample", String.format("%.1f MiB", heapGrowth() / MIB));
    row(out, "heap at the end, clients open (MiB)", String.format("%.1f", heapAtEnd / MIB));
    List<String> failures = failures();
    out.println();
    if (failures.isEmpty()) {
      out.println("SOAK PASSED: every invariant held.");
    } else {
      out.println("SOAK FAILED:");
      failures.forEach(f -> out.println("  - " + f));
      problems.forEach(p -> out.println("    " + p));
    }
  }

  private static void row(PrintStream out, String measure, String value) {
    out.println("| " + measure + " | " + value + " |");
  }
}
