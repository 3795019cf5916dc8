package io.github.qmp4j.benchmarks;

import io.github.qmp4j.client.QmpClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The one command: runs every scenario of issue #7 in this JVM (and, when a Java 25 is installed,
 * the virtual-thread rows in a child JVM), then prints one table. Every qmp4j figure is divided by
 * a raw baseline measured against the same peer in the same run.
 *
 * <p>Fails with a non-zero exit status when a scenario throws; a scenario whose peer is missing (no
 * C compiler, no QEMU, no Java 25) is skipped with a note instead.
 */
public final class Harness {
  static final String RAW_JDK = "raw (JDK SocketChannel)";
  static final String RAW_JUNIX = "raw (junixsocket streams)";
  static final String QMP4J = "qmp4j";

  private final Options options;
  private final Path work;
  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Harness(Options options, Path work, PrintStream out) {
    this.options = options;
    this.work = work;
    this.out = out;
  }

  /**
   * Runs the harness.
   *
   * @param args see {@link Options}
   * @throws Exception when a scenario fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("qmp4j-bench");
    try {
      Harness h = new Harness(options, work, System.out);
      h.runAll();
      if (options.child) {
        for (Row r : h.rows) {
          System.out.println(r.serialize());
        }
      } else {
        Table.print(System.out, h.rows, h.notes, options);
      }
    } finally {
      if (System.getenv("QMP4J_BENCH_KEEP") == null) {
        deleteRecursively(work);
      } else {
        System.err.println("[bench] kept " + work);
      }
    }
    System.exit(0); // clients' daemon threads are gone by now; a lingering fake must not hold us
  }

  Options options() {
    return options;
  }

  List<Row> rows() {
    return rows;
  }

  List<String> notes() {
    return notes;
  }

  void runAll() throws Exception {
    long start = System.nanoTime();
    if (options.child) {
      runChild();
      return;
    }
    out.println(Machine.describe());
    if (options.profile) {
      profile();
      return;
    }
    boolean fast = FastPeer.available();
    if (!fast) {
      notes.add("No C compiler on the PATH: the fast-peer scenarios were skipped.");
    }
    if (fast && options.runs("sequential")) {
      step("sequential, fast peer", this::sequentialFast);
    }
    if (fast && options.runs("pipelined")) {
      step("pipelined, fast peer", this::pipelinedFast);
    }
    if (fast && options.runs("events")) {
      step("events, fast peer", this::eventsFast);
    }
    if (fast && options.runs("large")) {
      step("large replies, fast peer", this::largeFast);
    }
    if (options.runs("fake")) {
      step("sequential, fake server", this::sequentialFake);
    }
    if (options.runs("qemu")) {
      if (QemuPeer.available()) {
        step("sequential, QEMU", this::sequentialQemu);
      } else {
        notes.add("QEMU (" + QemuPeer.BINARY + ") is not installed: the QEMU rows were skipped.");
      }
    }
    if (options.runs("connections")) {
      step("many connections, Java " + Runtime.version().feature(), this::connections);
    }
    if (options.runs("java25")) {
      step("Java 25 child JVM", this::java25);
    }
    out.printf("Total time: %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /**
   * {@code --profile}: qmp4j alone against the fast peer under JFR, one recording per scenario,
   * each after a warm-up, with the top costs per message printed.
   */
  private void profile() throws Exception {
    if (!FastPeer.available()) {
      throw new IllegalStateException("--profile needs a C compiler for the fast peer");
    }
    int n = options.count(40_000, 500);
    try (FastPeer peer = FastPeer.start(work, false)) {
      Subject qmp = new QmpSubject(QMP4J, peer.address());
      try (Subject.Session s = qmp.open()) {
        Latencies ignored = new Latencies(n);
        roundTrips(n).round(qmp, s, ignored);
        Profiler.profile(
            "sequential query-status", work, out, () -> roundTrips(n).round(qmp, s, ignored));
        s.pipelined(n, 32, 1, ignored);
        Profiler.profile(
            "pipelined, 32 in flight, 1 thread",
            work,
            out,
            () -> {
              s.pipelined(n, 32, 1, ignored);
              return n;
            });
        int events = options.count(1_000_000, 2_000);
        s.events(events / 4);
        Profiler.profile("events into one listener", work, out, () -> s.events(events));
        int large = options.count(200, 2);
        for (int i = 0; i < large; i++) {
          s.largeReply("x-bench-schema", Payloads.SCHEMA_BYTES);
        }
        Profiler.profile(
            "150 KiB replies",
            work,
            out,
            () -> {
              for (int i = 0; i < large; i++) {
                s.largeReply("x-bench-schema", Payloads.SCHEMA_BYTES);
              }
              return large;
            });
      }
    }
  }

  /** The part a Java 25 child runs: virtual threads against platform threads. */
  private void runChild() throws Exception {
    if (options.runs("sequential") && FastPeer.available()) {
      sequentialVirtual();
    }
    if (options.runs("connections")) {
      connections();
    }
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private void step(String name, Step step) throws Exception {
    long t0 = System.nanoTime();
    System.err.printf("[bench] %s ...%n", name);
    step.run();
    System.err.printf("[bench] %s done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  // ------------------------------------------------------------------------------ subjects

  static Subject rawJdk(Path socket) {
    return new RawSubject(RAW_JDK, () -> Wire.jdkUnix(socket), true);
  }

  /**
   * The same raw loop over junixsocket, the library under qmp4j's unix: transport; also a baseline
   * candidate (the faster raw loop of a run is the one divided by).
   */
  static Subject rawJunix(Path socket) {
    return new RawSubject(
        RAW_JUNIX,
        () -> {
          AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket.toFile()));
          return Wire.streams(s.getInputStream(), s.getOutputStream(), s);
        },
        true);
  }

  // ------------------------------------------------------------------------------ scenarios

  /**
   * Warm-up rounds before the timed ones. qmp4j and Jackson need about 150,000 commands before C2
   * has compiled their paths (CPU per command falls from 50 µs to 5 µs on the way); a shorter
   * warm-up measures the JIT, not the library. QEMU rows come after the fast peer's in the same
   * JVM, so one round warms their connection only.
   */
  private int warmupRounds(boolean reconnect) {
    return reconnect ? 1 : options.count(300, 1);
  }

  private static Measure.Work roundTrips(int n) {
    return (subject, session, latencies) -> {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        session.roundTrip();
        latencies.record(System.nanoTime() - t0);
      }
      return n;
    };
  }

  /** 20,000 round trips per client in 40 alternating rounds of 500, after 150,000 to warm up. */
  List<Row> sequential(
      String peer, List<Subject> subjects, boolean reconnect, String target, int perRound)
      throws Exception {
    return sequential(peer, subjects, reconnect, target, perRound, warmupRounds(reconnect));
  }

  /**
   * The sequential scenario once per {@link Placement}: client and peer on one CPU, then on two
   * when the peer is another process. Only the first placement warms the JIT up in full.
   *
   * @param peerPid the peer's process, or {@code null} when the peer lives in this JVM
   */
  List<Row> sequentialPlaced(
      String peer, @Nullable Long peerPid, List<Subject> subjects, String target, int perRound)
      throws Exception {
    List<Row> all = new ArrayList<>();
    int warmup = warmupRounds(false);
    try {
      for (Placement placement : Placement.forSequential(peerPid != null)) {
        placement.apply(peerPid == null ? List.of() : List.of(peerPid));
        all.addAll(
            sequential(peer + ", " + placement.label(), subjects, false, target, perRound, warmup));
        warmup = options.count(10, 1);
      }
    } finally {
      Placement.release();
    }
    return all;
  }

  private List<Row> sequential(
      String peer,
      List<Subject> subjects,
      boolean reconnect,
      String target,
      int perRound,
      int warmup)
      throws Exception {
    Measure.Tallies tallies = new Measure.Tallies();
    Map<Subject, Latencies> results =
        Measure.run(
            subjects, warmup, options.count(40, 2), reconnect, roundTrips(perRound), tallies);
    List<Row> r = Measure.rows("sequential", peer, results, tallies, "ops/s", target);
    rows.addAll(r);
    return r;
  }

  private void sequentialFast() throws Exception {
    try (FastPeer peer = FastPeer.start(work, false)) {
      sequentialPlaced(
          "fast peer (C, unix)",
          peer.pid(),
          List.of(
              rawJdk(peer.socket()),
              rawJunix(peer.socket()),
              new QmpSubject(QMP4J, peer.address())),
          "≥ 0.60 (0.75)",
          options.count(500, 200));
    }
  }

  /**
   * 32 commands in flight. The baseline writes one command per reply as it comes; the batching raw
   * client (one write for all the replies of one read) is the ceiling. qmp4j: one thread waiting
   * for free slots, four threads with 8 slots each, completions issuing the next command (no thread
   * waits), and the same against a peer offering {@code oob}, where qmp4j keeps QEMU's limit of 8
   * in-band commands on the wire.
   */
  private void pipelinedFast() throws Exception {
    int total = options.count(20_000, 500);
    try (FastPeer peer = FastPeer.start(work, false);
        FastPeer oobPeer = FastPeer.start(work, true)) {
      Map<Subject, Integer> threads = new java.util.LinkedHashMap<>();
      threads.put(rawJdk(peer.socket()), 1);
      threads.put(rawJunix(peer.socket()), 1);
      threads.put(
          new RawSubject(
              RAW_JDK + ", batched writes", () -> Wire.jdkUnix(peer.socket()), false, true),
          1);
      threads.put(new QmpSubject(QMP4J + ", 1 thread", peer.address()), 1);
      threads.put(new QmpSubject(QMP4J + ", 4 threads × 8", peer.address()), 4);
      threads.put(new QmpSubject(QMP4J + ", chained completions", peer.address()), 0);
      threads.put(
          new QmpSubject(QMP4J + ", 1 thread, oob on (8 in-band on the wire)", oobPeer.address()),
          1);
      List<Subject> subjects = new ArrayList<>(threads.keySet());
      try {
        for (Placement placement : Placement.forPipelined()) {
          placement.apply(List.of(peer.pid(), oobPeer.pid()));
          Measure.Tallies tallies = new Measure.Tallies();
          Map<Subject, Latencies> results =
              Measure.run(
                  subjects,
                  options.count(6, 1),
                  options.count(5, 1),
                  false,
                  (subject, session, latencies) -> {
                    session.pipelined(total, 32, threads.getOrDefault(subject, 1), latencies);
                    return total;
                  },
                  tallies);
          for (Row row :
              Measure.rows(
                  "pipelined, 32 in flight",
                  "fast peer (C, unix), " + placement.label(),
                  results,
                  tallies,
                  "ops/s",
                  "≥ 0.50")) {
            // With oob negotiated qmp4j keeps QEMU's 8 in-band commands on the wire: not the
            // workload the target is about.
            rows.add(row.client().contains("oob on") ? row.withTarget("") : row);
          }
        }
      } finally {
        Placement.release();
      }
    }
  }

  private void eventsFast() throws Exception {
    int count = options.count(1_000_000, 2_000);
    try (FastPeer peer = FastPeer.start(work, false)) {
      List<Subject> subjects =
          List.of(rawJdk(peer.socket()), new QmpSubject(QMP4J + ", 1 listener", peer.address()));
      Measure.Tallies tallies = new Measure.Tallies();
      List<String> problems = new ArrayList<>();
      Map<Subject, Latencies> results =
          Measure.run(
              subjects,
              1,
              options.count(3, 1),
              false,
              (subject, session, latencies) -> {
                long got = session.events(count);
                if (got != count) {
                  problems.add(
                      got < 0
                          ? "lost or reordered at event " + (-1 - got)
                          : "received " + got + " of " + count);
                }
                return count;
              },
              tallies);
      List<Row> r = Measure.rows("events", "fast peer (C, unix)", results, tallies, "events/s", "");
      for (Row row : r) {
        String verdict =
            problems.isEmpty()
                ? String.format("%,d events per round, none lost, all in order", count)
                : "FAILED: "
                    + problems
                    + " (listener queue "
                    + QmpSubject.EVENT_QUEUE_CAPACITY
                    + ")";
        rows.add(
            row.client().equals(RAW_JDK)
                ? row.withNote(verdict)
                : row.withTarget("≥ 300,000 events/s").withNote(verdict));
      }
      if (!problems.isEmpty()) {
        // Reported, not thrown: the other scenarios still deserve their figures. A listener that
        // falls QmpSubject.EVENT_QUEUE_CAPACITY events behind (a starved CPU) overflows by policy.
        notes.add("EVENTS LOST OR REORDERED: " + problems);
      }
    }
  }

  private void largeFast() throws Exception {
    try (FastPeer peer = FastPeer.start(work, false)) {
      List<Subject> subjects =
          List.of(rawJdk(peer.socket()), new QmpSubject(QMP4J, peer.address()));
      large(subjects, "x-bench-schema", Payloads.SCHEMA_BYTES, options.count(300, 3), "150 KiB");
      jacksonAlone(Payloads.SCHEMA_BYTES, options.count(300, 3), "150 KiB");
      large(subjects, "x-bench-8mib", Payloads.BIG_BYTES, options.count(6, 1), "8 MiB");
      jacksonAlone(Payloads.BIG_BYTES, options.count(6, 1), "8 MiB");
    }
  }

  /**
   * The ceiling for "MB/s parsed": Jackson building the same tree from bytes already in memory, no
   * socket and no framing, in this JVM. qmp4j's figure divided by this one is the share of the
   * parse that qmp4j's framing and the socket cost.
   */
  private void jacksonAlone(int bytes, int perRound, String label) throws Exception {
    byte[] payload =
        ("{\"return\": " + Payloads.schemaLike(bytes) + ", \"id\": \"1\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    tools.jackson.databind.json.JsonMapper mapper =
        tools.jackson.databind.json.JsonMapper.builder().build();
    Latencies l = new Latencies(perRound * 4);
    long alloc = 0;
    long cpu = 0;
    for (int round = 0; round < options.count(4, 2); round++) {
      long a0 = Allocations.total();
      long c0 = Allocations.processCpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        long s0 = System.nanoTime();
        if (mapper.readTree(payload).size() != 2) {
          throw new IllegalStateException("unexpected tree");
        }
        if (round > 0) {
          l.record(System.nanoTime() - s0);
        }
      }
      if (round > 0) { // the first round warms up
        l.addRound((long) perRound * bytes, System.nanoTime() - t0);
        alloc += Allocations.total() - a0;
        cpu += Allocations.processCpuNanos() - c0;
      }
    }
    Row row =
        Row.of("large reply " + label, "none (bytes in memory)", "Jackson readTree alone", l, "B/s")
            .withCost(alloc / l.operations(), cpu / 1000.0 / l.operations())
            .perMessage(bytes)
            .withNote("the parse a tree-model client cannot avoid");
    rows.add(row);
  }

  private void large(List<Subject> subjects, String command, int bytes, int perRound, String label)
      throws Exception {
    Measure.Tallies tallies = new Measure.Tallies();
    Map<Subject, Latencies> results =
        Measure.run(
            subjects,
            1,
            options.count(3, 1),
            false,
            (subject, session, latencies) -> {
              long total = 0;
              for (int i = 0; i < perRound; i++) {
                long t0 = System.nanoTime();
                total += session.largeReply(command, bytes);
                latencies.record(System.nanoTime() - t0);
              }
              return total;
            },
            tallies);
    for (Row row :
        Measure.rows("large reply " + label, "fast peer (C, unix)", results, tallies, "B/s", "")) {
      rows.add(row.perMessage(bytes));
    }
  }

  private void sequentialFake() throws Exception {
    FakeScenarios.sequential(this, work);
  }

  private void sequentialQemu() throws Exception {
    notes.add("QEMU: " + QemuPeer.version());
    int requestBytes = RawClient.commandBytes("query-status", 1).length;
    try (QemuPeer qemu = QemuPeer.start(work)) {
      List<Row> r =
          sequential(
              "QEMU 7.2 (-machine none, unix)",
              List.of(
                  rawJdk(qemu.socket()),
                  rawJunix(qemu.socket()),
                  new QmpSubject(QMP4J, qemu.address()),
                  new QmpSubject(
                      QMP4J + ", oob off",
                      qemu.address(),
                      () -> QmpClient.builder().enableOob(false))),
              true,
              "≥ 0.95",
              options.count(500, 50));
      notes.add(
          "qmp4j's query-status request is "
              + requestBytes
              + " bytes on the wire ({\"execute\":\"query-status\",\"id\":\"1\"} and a newline;"
              + " ids grow by a digit every power of ten): the raw client sends the same bytes.");
      if (r.isEmpty()) {
        throw new IllegalStateException("no QEMU rows");
      }
    }
  }

  private void connections() throws Exception {
    rows.addAll(FakeScenarios.connections(options.connections, work));
  }

  /**
   * On Java 21+: the sequential scenario with qmp4j's threads virtual, to show what they cost per
   * round trip, next to platform threads and the raw loop of the same run.
   */
  private void sequentialVirtual() throws Exception {
    ThreadFactory virtual = VirtualThreads.factory();
    if (virtual == null) {
      notes.add("No virtual threads on Java " + Runtime.version().feature());
      return;
    }
    int java = Runtime.version().feature();
    try (FastPeer peer = FastPeer.start(work, false)) {
      // Only one client with virtual threads: junixsocket 2.10.1 can leave a virtual thread
      // parked in a read forever while another one is parked in a read (see BENCHMARKS.md), so
      // a virtual caller next to a virtual reader is not measured.
      sequentialPlaced(
          "fast peer (C, unix), Java " + java,
          peer.pid(),
          List.of(
              new RawSubject(RAW_JDK, () -> Wire.jdkUnix(peer.socket()), true),
              rawJunix(peer.socket()),
              new QmpSubject(QMP4J + ", platform threads", peer.address()),
              new QmpSubject(
                  QMP4J + ", virtual reader thread",
                  peer.address(),
                  () -> QmpClient.builder().threadFactory(virtual))),
          "",
          options.count(500, 200));
    }
  }

  /** Runs the Java 21+ part here, or in a child JVM of the newest JDK found when this is 17. */
  private void java25() throws Exception {
    if (Runtime.version().feature() >= 21) {
      if (options.runs("sequential") && FastPeer.available()) {
        sequentialVirtual();
      }
      return; // connections() above already ran with both kinds of threads here
    }
    Path java = ChildJvm.findJava(25);
    if (java == null) {
      notes.add(
          "No Java 25 found (set QMP4J_BENCH_JAVA25 to its java binary): the virtual-thread rows"
              + " were skipped.");
      return;
    }
    List<String> args = new ArrayList<>();
    args.add("--child");
    if (options.quick) {
      args.add("--quick");
    }
    args.add("--connections=" + options.connections);
    List<String> only = new ArrayList<>();
    if (options.runs("sequential")) {
      only.add("sequential");
    }
    if (options.runs("connections")) {
      only.add("connections");
    }
    if (only.isEmpty()) {
      return;
    }
    args.add("--only=" + String.join(",", only));
    rows.addAll(ChildJvm.run(java, args));
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
