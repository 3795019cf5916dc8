package io.github.qmp4j.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One line of the result table.
 *
 * @param scenario e.g. {@code sequential}
 * @param peer e.g. {@code fast-peer (C, unix)}
 * @param client e.g. {@code raw} or {@code qmp4j}
 * @param rate operations (or events, or MB) per second
 * @param unit what {@code rate} counts, e.g. {@code ops/s}
 * @param p50 median latency in microseconds, NaN when not measured
 * @param p99 99th percentile in microseconds, NaN when not measured
 * @param ratio rate divided by the raw baseline's rate in the same run, NaN for a baseline
 * @param target the ratio (or figure) the issue asks for, or empty
 * @param allocPerOp bytes allocated per operation in the whole JVM, or -1 when not measured
 * @param cpuPerOp CPU time this JVM spent per operation (all its threads, user and system), in
 *     microseconds, NaN when not measured: unlike the rate, hardly moved by other load
 * @param note anything else worth knowing
 */
record Row(
    String scenario,
    String peer,
    String client,
    double rate,
    String unit,
    double p50,
    double p99,
    double ratio,
    String target,
    long allocPerOp,
    double cpuPerOp,
    @Nullable String note) {

  static Row of(String scenario, String peer, String client, Latencies l, String unit) {
    return new Row(
        scenario,
        peer,
        client,
        l.rate(),
        unit,
        l.percentileMicros(50),
        l.percentileMicros(99),
        Double.NaN,
        "",
        -1,
        Double.NaN,
        null);
  }

  Row against(Row baseline, String target) {
    return new Row(
        scenario,
        peer,
        client,
        rate,
        unit,
        p50,
        p99,
        baseline.rate == 0 ? Double.NaN : rate / baseline.rate,
        target,
        allocPerOp,
        cpuPerOp,
        note);
  }

  Row withCost(long bytesPerOp, double cpuMicrosPerOp) {
    return new Row(
        scenario,
        peer,
        client,
        rate,
        unit,
        p50,
        p99,
        ratio,
        target,
        bytesPerOp,
        cpuMicrosPerOp,
        note);
  }

  Row withNote(@Nullable String text) {
    return new Row(
        scenario, peer, client, rate, unit, p50, p99, ratio, target, allocPerOp, cpuPerOp, text);
  }

  Row withTarget(String text) {
    return new Row(
        scenario, peer, client, rate, unit, p50, p99, ratio, text, allocPerOp, cpuPerOp, note);
  }

  /** Rescales a row measured per byte to one per {@code bytes}-sized message, rate in MiB/s. */
  Row perMessage(int bytes) {
    return new Row(
        scenario,
        peer,
        client,
        rate / (1024.0 * 1024.0),
        "MiB/s",
        p50,
        p99,
        ratio,
        target,
        allocPerOp < 0 ? -1 : allocPerOp * bytes,
        cpuPerOp * bytes,
        note);
  }

  /** One line for the parent JVM to read back from a child. */
  String serialize() {
    return String.join(
        "\t",
        "ROW",
        scenario,
        peer,
        client,
        Double.toString(rate),
        unit,
        Double.toString(p50),
        Double.toString(p99),
        Double.toString(ratio),
        target,
        Long.toString(allocPerOp),
        Double.toString(cpuPerOp),
        note == null ? "" : note.replace('\t', ' ').replace('\n', ' '));
  }

  /** Reads a line written by {@link #serialize()}; null for any other line. */
  static @Nullable Row parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 13 || !f[0].equals("ROW")) {
      return null;
    }
    return new Row(
        f[1],
        f[2],
        f[3],
        Double.parseDouble(f[4]),
        f[5],
        Double.parseDouble(f[6]),
        Double.parseDouble(f[7]),
        Double.parseDouble(f[8]),
        f[9],
        Long.parseLong(f[10]),
        Double.parseDouble(f[11]),
        f[12].isEmpty() ? null : f[12]);
  }
}
