package io.github.qmp4j.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the rows as one Markdown table, ready to paste into BENCHMARKS.md. */
final class Table {
  private Table() {}

  static void print(PrintStream out, List<Row> rows, List<String> notes, Options options) {
    out.println();
    out.println(
        "| scenario | peer | client | rate | p50 µs | p99 µs | vs raw | target | CPU µs/op |"
            + " alloc B/op | notes |");
    out.println("|---|---|---|--:|--:|--:|--:|---|--:|--:|---|");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.scenario(),
          r.peer(),
          r.client(),
          rate(r.rate()),
          r.unit(),
          micros(r.p50()),
          micros(r.p99()),
          Double.isNaN(r.ratio())
              ? (r.client().startsWith("raw") ? "1 (baseline)" : "")
              : String.format(Locale.ROOT, "%.2f×", r.ratio()),
          r.target(),
          micros(r.cpuPerOp()),
          r.allocPerOp() < 0 ? "" : String.format(Locale.ROOT, "%,d", r.allocPerOp()),
          r.note() == null ? "" : r.note());
    }
    out.println();
    for (String note : notes) {
      out.println("- " + note);
    }
    if (options.quick) {
      out.println("- --quick: a handful of iterations per scenario; these figures mean nothing.");
    }
  }

  private static String rate(double rate) {
    return rate >= 100
        ? String.format(Locale.ROOT, "%,.0f", rate)
        : String.format(Locale.ROOT, "%.1f", rate);
  }

  private static String micros(double us) {
    if (Double.isNaN(us)) {
      return "";
    }
    return us >= 100
        ? String.format(Locale.ROOT, "%,.0f", us)
        : String.format(Locale.ROOT, "%.1f", us);
  }
}
