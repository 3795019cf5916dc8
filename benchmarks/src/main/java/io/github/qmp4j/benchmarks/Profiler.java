package io.github.qmp4j.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Records one scenario with JDK Flight Recorder and prints where its time and its allocations go:
 * CPU samples by the method they were taken in, and sampled allocations by class and by the first
 * qmp4j (or Jackson, or JDK) frame that asked for them, scaled to bytes per message.
 */
final class Profiler {
  private Profiler() {}

  /** What is profiled; returns the number of messages it handled. */
  @FunctionalInterface
  interface Workload {
    long run() throws Exception;
  }

  static void profile(String name, Path work, PrintStream out, Workload workload) throws Exception {
    Configuration config = Configuration.getConfiguration("profile");
    Path file = work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr");
    long messages;
    long allocated;
    Instant from;
    Instant to;
    try (Recording recording = new Recording(config)) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.enable("jdk.ObjectAllocationSample").with("throttle", "5000/s");
      recording.start();
      // Only what happens in the workload counts: starting JFR allocates plenty by itself.
      from = Instant.now();
      long before = Allocations.total();
      messages = workload.run();
      allocated = Allocations.total() - before;
      to = Instant.now();
      recording.stop();
      recording.dump(file);
    }
    report(name, file, from, to, messages, allocated, out);
  }

  private static void report(
      String name,
      Path file,
      Instant from,
      Instant to,
      long messages,
      long allocated,
      PrintStream out)
      throws IOException {
    Map<String, Long> cpuSelf = new HashMap<>();
    Map<String, Long> cpuOwn = new HashMap<>();
    Map<String, Long> allocByClass = new HashMap<>();
    Map<String, Long> allocBySite = new HashMap<>();
    long samples = 0;
    long sampledBytes = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
          continue;
        }
        String type = e.getEventType().getName();
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        if (type.equals("jdk.ExecutionSample")) {
          samples++;
          cpuSelf.merge(frameName(stack.getFrames().get(0)), 1L, Long::sum);
          String own = firstOwnFrame(stack);
          if (own != null) {
            cpuOwn.merge(own, 1L, Long::sum);
          }
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          long weight = e.getLong("weight");
          sampledBytes += weight;
          allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
          String own = firstOwnFrame(stack);
          allocBySite.merge(
              own == null ? frameName(stack.getFrames().get(0)) : own, weight, Long::sum);
        }
      }
    }
    double perMessage = messages == 0 ? 0 : (double) allocated / messages;
    out.printf(
        Locale.ROOT,
        "%n### Profile: %s%n%n%,d messages, %,d CPU samples (1 ms), %,.0f bytes allocated per"
            + " message (all threads)%n%n",
        name,
        messages,
        samples,
        perMessage);
    out.println("CPU, by the method the sample was taken in (self):");
    top(out, cpuSelf, samples, 12, "%");
    out.println("CPU, by the first qmp4j/Jackson frame on the stack (inclusive):");
    top(out, cpuOwn, samples, 12, "%");
    out.println("Allocation, by class (bytes per message):");
    topBytes(out, allocByClass, sampledBytes, perMessage, 10);
    out.println("Allocation, by the first qmp4j/Jackson frame that asked (bytes per message):");
    topBytes(out, allocBySite, sampledBytes, perMessage, 10);
  }

  /** The innermost frame in qmp4j or Jackson: the code that chose to spend. */
  private static @Nullable String firstOwnFrame(RecordedStackTrace stack) {
    for (RecordedFrame f : stack.getFrames()) {
      String type = f.getMethod().getType().getName();
      if (type.startsWith("io.github.qmp4j.") && !type.startsWith("io.github.qmp4j.benchmarks")) {
        return frameName(f);
      }
      if (type.startsWith("tools.jackson.")) {
        return frameName(f);
      }
    }
    return null;
  }

  private static String frameName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1)
        + "."
        + f.getMethod().getName()
        + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
  }

  private static void top(PrintStream out, Map<String, Long> counts, long total, int n, String u) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(n, sorted.size()))) {
      out.printf(
          Locale.ROOT, "  %5.1f%s  %s%n", 100.0 * e.getValue() / Math.max(1, total), u, e.getKey());
    }
    out.println();
  }

  private static void topBytes(
      PrintStream out, Map<String, Long> weights, long total, double perMessage, int n) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(weights.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(n, sorted.size()))) {
      double share = (double) e.getValue() / Math.max(1, total);
      out.printf(
          Locale.ROOT, "  %7.0f B  %4.1f%%  %s%n", share * perMessage, 100 * share, e.getKey());
    }
    out.println();
  }
}
