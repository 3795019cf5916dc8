package io.github.qmp4j.benchmarks;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpClientBuilder;
import io.github.qmp4j.fake.FakeQmpServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * N clients connect to one fake server over {@code unix:} in this JVM, all at once: how long until
 * every one has negotiated, then heap and threads with all of them open.
 */
final class ManyConnections {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ManyConnections() {}

  /**
   * Rows for platform threads over {@code unix:}; where the JVM has virtual threads, also platform
   * and virtual threads over {@code memory:}. Virtual threads are not measured over {@code unix:}:
   * junixsocket 2.10.1 leaves virtual threads parked in reads forever once several wait at once.
   */
  static List<Row> run(int n, Path work) throws Exception {
    List<Row> rows = new ArrayList<>();
    Path socket = work.resolve("many.sock");
    Files.deleteIfExists(socket);
    rows.add(once(n, "unix:" + socket, null, "platform threads"));
    ThreadFactory virtual = VirtualThreads.factory();
    if (virtual != null) {
      rows.add(once(n, "memory:*", null, "platform threads"));
      rows.add(once(n, "memory:*", virtual, "virtual threads"));
    }
    return rows;
  }

  private static Row once(int n, String listen, @Nullable ThreadFactory threads, String kind)
      throws Exception {
    int java = Runtime.version().feature();
    settle();
    long heapBefore = MEMORY.getHeapMemoryUsage().getUsed();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    List<QmpClient> clients = new ArrayList<>(n);
    Latencies connectTimes = new Latencies(n);
    try (FakeQmpServer fake = new FakeQmpServer().recordCommands(false)) {
      if (threads != null) {
        fake.threadFactory(threads);
      }
      String address = fake.start(listen).toString();
      for (int i = 0; i < n; i++) {
        QmpClientBuilder b = QmpClient.builder().name("c" + i);
        if (threads != null) {
          b.threadFactory(threads);
        }
        clients.add(b.build());
      }
      // 2 connecting threads per core: a connect is mostly waiting for the peer's greeting.
      int connectors = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
      ExecutorService pool = Executors.newFixedThreadPool(connectors);
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>(n);
      for (QmpClient c : clients) {
        done.add(
            pool.submit(
                () -> {
                  long s = System.nanoTime();
                  c.connect(address);
                  long took = System.nanoTime() - s;
                  synchronized (connectTimes) {
                    connectTimes.record(took);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      long allConnected = System.nanoTime() - t0;
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      connectTimes.addRound(n, allConnected);
      for (QmpClient c : clients) {
        c.execute("query-status"); // every session really works
      }
      settle();
      long heapAfter = MEMORY.getHeapMemoryUsage().getUsed();
      int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
      int clientThreads = countThreads("qmp4j-reader-c");
      int timerThreads = countThreads("qmp4j-timer-c");
      String note =
          String.format(
              "all %,d negotiated in %.2f s; heap +%.1f MiB for clients and fake together"
                  + " (%.1f KiB per pair); JVM threads %d → %d (%s)",
              n,
              allConnected / 1e9,
              (heapAfter - heapBefore) / (1024.0 * 1024.0),
              (heapAfter - heapBefore) / 1024.0 / n,
              threadsBefore,
              threadsAfter,
              threads == null
                  ? clientThreads
                      + " client readers and "
                      + timerThreads
                      + " client timer threads; the rest are the fake's"
                  : "readers are virtual: not in the JVM's thread count");
      Row row =
          Row.of(
              "connections, " + n,
              "qmp-fake-server (" + listen.substring(0, listen.indexOf(':')) + ", same JVM)",
              QmpSubjectNames.qmp4j(kind + ", Java " + java),
              connectTimes,
              "conn/s");
      return new Row(
              row.scenario(),
              row.peer(),
              row.client(),
              row.rate(),
              row.unit(),
              row.p50(),
              row.p99(),
              Double.NaN,
              "< 10 s, < 256 MiB",
              -1,
              Double.NaN,
              null)
          .withNote(note);
    } finally {
      for (QmpClient c : clients) {
        c.close();
      }
    }
  }

  private static int countThreads(String prefix) {
    int count = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        count++;
      }
    }
    return count;
  }

  /** Asks for full collections until the heap stops shrinking, so that "used" means "live". */
  @SuppressWarnings("SystemGc") // measuring live heap is the one legitimate use
  private static void settle() throws InterruptedException {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50); // let concurrent cleanup (reference processing) finish between rounds
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (used >= last - (1 << 16)) {
        return;
      }
      last = used;
    }
  }
}
