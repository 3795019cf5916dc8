package io.github.qmp4j.benchmarks;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.ReconnectPolicy;
import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.Fault;
import io.github.qmp4j.protocol.Runstate;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The soak of issue #8: mixed traffic on many clients against one {@link FakeQmpServer} over {@code
 * unix:} for a long time, then the invariants: no lost reply (every call answered, or failed with
 * {@code DisconnectedException} by a forced disconnect; none hung), no lost or reordered event,
 * every descriptor passed, every client back after every disconnect, qmp4j's threads and this
 * process's descriptors back to their baseline once everything is closed, heap after a full GC flat
 * after warm-up.
 *
 * <p>Exits with status 1 when an invariant fails, 2 when the soak itself could not run.
 *
 * <p>Events: the fake emits {@code SOAK_TICK} with a {@code seq} to every negotiated connection. An
 * event emitted while every client is running a session begun after the last forced disconnect must
 * reach every client; one emitted while some client is still reconnecting may miss that client (it
 * was not connected). Either way a client must see them in increasing order.
 */
public final class Soak {
  private final SoakOptions options;
  private final Path work;
  private final PrintStream out;

  Soak(SoakOptions options, Path work, PrintStream out) {
    this.options = options;
    this.work = work;
    this.out = out;
  }

  /**
   * Runs the soak and prints the summary.
   *
   * @param args see {@link SoakOptions}
   * @throws Exception when the soak cannot run at all
   */
  public static void main(String[] args) throws Exception {
    SoakOptions options = SoakOptions.parse(args);
    Path work = Files.createTempDirectory("qmp4j-soak");
    SoakResult result;
    try {
      result = new Soak(options, work, System.out).run();
    } finally {
      try (var paths = Files.walk(work)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    System.exit(result.passed() ? 0 : 1);
  }

  SoakResult run() throws Exception {
    SoakResult r = new SoakResult(options);
    Path descriptorFile = Files.writeString(work.resolve("passed-descriptor.txt"), "soak\n");
    warmUp(descriptorFile);
    waitFor(Duration.ofSeconds(10), () -> SoakProbes.qmp4jThreads().isEmpty());
    r.threadsBefore = SoakProbes.qmp4jThreads();
    r.descriptorsBefore = SoakProbes.openDescriptors();
    r.descriptorTargetsBefore = SoakProbes.descriptorTargets();
    out.printf(
        "Soak: %d clients, %s, fault every %s, event every %s, getfd every %d calls%n",
        options.clients(),
        options.duration(),
        options.faultEvery(),
        options.eventEvery(),
        options.fdEvery());

    List<SoakClient> clients = new ArrayList<>();
    BitSet mustDeliver = new BitSet();
    long start = System.nanoTime();
    // Nobody takes the fake's commands here: keeping them would measure the fake's log, not the
    // clients, in the heap series.
    try (FakeQmpServer fake = new FakeQmpServer().recordCommands(false)) {
      String address = fake.start("unix:" + work.resolve("soak.sock")).toString();
      for (int i = 0; i < options.clients(); i++) {
        SoakClient c = new SoakClient(i, fake, address, descriptorFile, options.fdEvery());
        clients.add(c);
        c.start();
      }
      conduct(fake, clients, mustDeliver, r, start);

      // The traffic stops: every client must come back from the last disconnect and receive
      // every event meant for all before it is closed.
      int faults = r.faults;
      r.allBackAtEnd =
          waitFor(
              SoakClient.RECONNECT_DEADLINE,
              () -> clients.stream().allMatch(c -> c.runningSessionAfter(faults)));
      long last = mustDeliver.length() - 1L;
      r.allEventsDrained =
          waitFor(
              Duration.ofSeconds(30), () -> clients.stream().allMatch(c -> c.lastSeq() >= last));
      for (SoakClient c : clients) {
        if (!c.stopCommands(SoakClient.COMMAND_TIMEOUT.plusSeconds(15))) {
          r.stuckThreads++;
        }
      }
      for (SoakClient c : clients) {
        r.add(c, mustDeliver, faults);
        if (!c.close(Duration.ofSeconds(30))) {
          r.stuckThreads++;
        }
      }
      r.heapAtEnd = SoakProbes.heapAfterFullGc();
    }
    r.elapsed = Duration.ofNanos(System.nanoTime() - start);
    clients.clear();
    r.threadsReturned =
        waitFor(
            Duration.ofSeconds(15), () -> sameThreads(r.threadsBefore, SoakProbes.qmp4jThreads()));
    r.threadsAfter = SoakProbes.qmp4jThreads();
    r.descriptorsReturned =
        waitFor(Duration.ofSeconds(15), () -> SoakProbes.openDescriptors() <= r.descriptorsBefore);
    r.descriptorsAfter = SoakProbes.openDescriptors();
    r.descriptorTargetsAfter = SoakProbes.descriptorTargets();
    r.print(out);
    return r;
  }

  /**
   * The fake's side: numbered events at a steady pace, a forced disconnect of every connection at
   * intervals, and a heap sample (after a full GC) at intervals, until the duration is over.
   */
  private void conduct(
      FakeQmpServer fake, List<SoakClient> clients, BitSet mustDeliver, SoakResult r, long start) {
    long end = start + options.duration().toNanos();
    long eventEvery = options.eventEvery().toNanos();
    long nextFault = start + options.faultEvery().toNanos();
    long nextSample = start + options.sampleEvery().toNanos();
    long nextEvent = start;
    int seq = 0;
    while (true) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        return;
      }
      if (now - nextFault >= 0) {
        // Each forced disconnect must hit every client once: a client still reconnecting from
        // the last one would be missed, so wait for all (a client never back fails the soak).
        int before = r.faults;
        if (!waitFor(
            SoakClient.RECONNECT_DEADLINE,
            () -> clients.stream().allMatch(c -> c.runningSessionAfter(before)))) {
          r.notBackBeforeFault++;
        }
        fake.injectFault(Fault.close());
        r.faults++;
        nextFault += options.faultEvery().toNanos();
      }
      if (now - nextSample >= 0) {
        r.heapSamples.add(SoakProbes.heapAfterFullGc());
        nextSample += options.sampleEvery().toNanos();
      }
      if (now - nextEvent >= 0) {
        int faults = r.faults;
        boolean toAll = clients.stream().allMatch(c -> c.runningSessionAfter(faults));
        fake.emitEvent(SoakClient.EVENT, Map.of("seq", seq));
        if (toAll) {
          mustDeliver.set(seq);
        } else {
          r.eventsWhileReconnecting++;
        }
        r.eventsEmitted++;
        seq++;
        nextEvent += eventEvery;
        if (System.nanoTime() - nextEvent > 1_000_000_000L) {
          nextEvent = System.nanoTime(); // starved for a second: do not burst to catch up
        }
      }
      long wake = Math.min(Math.min(nextEvent, nextFault), Math.min(nextSample, end));
      long sleep = wake - System.nanoTime();
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
    }
  }

  /**
   * One client through every path once (connect, command, getfd, event, forced disconnect,
   * reconnect, close), so that the classes and jars that stay loaded are in the baseline.
   */
  private void warmUp(Path descriptorFile) throws Exception {
    try (FakeQmpServer fake = new FakeQmpServer()) {
      String address = fake.start("unix:" + work.resolve("warm-up.sock")).toString();
      QmpClient c =
          QmpClient.builder()
              .name("warm-up")
              .reconnect(ReconnectPolicy.exponentialBackoff().withInitialDelay(Duration.ZERO))
              .build();
      java.util.concurrent.atomic.AtomicInteger sessions =
          new java.util.concurrent.atomic.AtomicInteger();
      c.addRunstateListener(
          (from, to) -> {
            if (to == Runstate.RUNNING) {
              sessions.incrementAndGet();
            }
          });
      try (var events = c.listen(SoakClient.EVENT)) {
        c.connect(address);
        c.execute("query-status");
        try (var file = new java.io.FileInputStream(descriptorFile.toFile())) {
          c.execute("getfd", Map.of("fdname", "warm-up"), List.of(file.getFD()));
        }
        c.execute("closefd", Map.of("fdname", "warm-up"));
        fake.emitEvent(SoakClient.EVENT, Map.of("seq", 0));
        events.poll(Duration.ofSeconds(10));
        fake.injectFault(Fault.close());
        if (!waitFor(SoakClient.RECONNECT_DEADLINE, () -> sessions.get() >= 2)) {
          throw new IllegalStateException("the warm-up client did not reconnect");
        }
        c.awaitRunstate(Runstate.RUNNING, SoakClient.RECONNECT_DEADLINE);
        c.execute("query-status");
      } finally {
        c.close();
      }
    }
    SoakProbes.heapAfterFullGc();
  }

  private static boolean sameThreads(List<String> before, List<String> now) {
    return now.size() <= before.size();
  }

  /** Polls a condition until it holds or the deadline passes; returns whether it held. */
  static boolean waitFor(Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      LockSupport.parkNanos(20_000_000L);
    }
    return true;
  }
}
