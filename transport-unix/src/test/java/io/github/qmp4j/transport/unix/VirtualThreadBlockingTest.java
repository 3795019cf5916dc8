package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking calls on virtual threads (platform threads before Java 21) while as many reads wait on
 * idle connections as the common {@link ForkJoinPool} has threads. junixsocket 2.10.1 alone serves
 * every wait of a virtual thread from that pool for as long as it lasts, so here each of these
 * calls would queue behind the idle reads forever: on 2 cores under Java 25 one waiting read is
 * enough.
 */
class VirtualThreadBlockingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ShortTempDirs dirs = new ShortTempDirs();
  private final UnixTransportProvider provider = new UnixTransportProvider();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close(); // ends the idle reads too
    }
    dirs.deleteAll();
  }

  private UnixPair pair() throws IOException, InterruptedException {
    UnixPair pair = UnixPair.open(dirs);
    opened.add(pair);
    return pair;
  }

  /**
   * Leaves one read waiting on each of as many idle connections as the common pool has threads, and
   * waits until the pool has taken up whatever tasks they queued, so a later task would queue
   * behind them.
   */
  private void occupyEveryCommonPoolThread() throws IOException, InterruptedException {
    List<VirtualThreads.Running<Integer>> idle = new ArrayList<>();
    for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
      TransportConnection quiet = pair().server();
      idle.add(VirtualThreads.start(() -> quiet.input().read()));
    }
    for (VirtualThreads.Running<Integer> read : idle) {
      VirtualThreads.awaitParked(read);
      assertFalse(read.result().isDone(), "nothing was sent, so the read must still wait");
    }
    Eventually.waitFor(
        "the common pool to take up the queued tasks",
        TIMEOUT,
        () -> ForkJoinPool.commonPool().getQueuedSubmissionCount() == 0);
  }

  @Test
  void aReadIsServedWhileIdleConnectionsWaitOnEveryCommonPoolThread() throws Exception {
    occupyEveryCommonPoolThread();
    UnixPair pair = pair();
    VirtualThreads.Running<Integer> read = VirtualThreads.start(() -> pair.server().input().read());
    VirtualThreads.awaitParked(read);

    pair.client().output().write('r');

    assertEquals('r', read.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Test
  void anAcceptIsServedWhileIdleConnectionsWaitOnEveryCommonPoolThread() throws Exception {
    occupyEveryCommonPoolThread();
    TransportAddress address = TransportAddress.parse("unix:" + dirs.newDir().resolve("a.sock"));
    TransportListener listener = provider.listen(address, TransportOptions.empty());
    opened.add(listener);
    VirtualThreads.Running<TransportConnection> accept = VirtualThreads.start(listener::accept);
    VirtualThreads.awaitParked(accept);

    TransportConnection client = provider.connect(address, TransportOptions.empty(), TIMEOUT);
    opened.add(client);

    TransportConnection server = accept.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    opened.add(server);
    client.output().write('a');
    assertEquals('a', server.input().read());
  }

  @Test
  void aWriteThatMustWaitForItsReaderCompletesWhileEveryCommonPoolThreadIsTaken() throws Exception {
    occupyEveryCommonPoolThread();
    UnixPair pair = pair();
    // Far more than a Unix socket buffers, so the writer waits for the reader again and again.
    byte[] payload = new byte[4 << 20];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + (i >>> 11));
    }

    VirtualThreads.Running<Boolean> write =
        VirtualThreads.start(
            () -> {
              pair.client().output().write(payload);
              return true;
            });
    VirtualThreads.Running<byte[]> read =
        VirtualThreads.start(() -> pair.server().input().readNBytes(payload.length));

    assertArrayEquals(payload, read.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(write.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * As on a platform thread, an interrupt neither ends nor fails a waiting read, and the connection
   * stays usable; the interrupt is left for the caller. The engine relies on this: a caller reading
   * its own reply may be interrupted without ending the session.
   */
  @Test
  void anInterruptedReadKeepsWaitingAndLeavesTheInterruptSet() throws Exception {
    UnixPair pair = pair();
    VirtualThreads.Running<Boolean> read =
        VirtualThreads.start(
            () -> {
              int b = pair.server().input().read();
              return b == 'x' && Thread.currentThread().isInterrupted();
            });
    VirtualThreads.awaitParked(read);

    read.thread().interrupt();
    pair.client().output().write('x');

    assertTrue(
        read.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
        "read the byte sent after the interrupt, with the interrupt still set");
    pair.client().output().write('y');
    assertEquals('y', pair.server().input().read());
  }

  private static Set<Thread> handOffThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("qmp4j-unix-io-"))
        .collect(Collectors.toSet());
  }

  /** Leak checks count every {@code qmp4j-*} thread, so none may outlive its socket. */
  @Test
  void theThreadsThatServedVirtualThreadsEndWhenTheirSocketsClose() throws Exception {
    Set<Thread> before = handOffThreads();
    TransportAddress address = TransportAddress.parse("unix:" + dirs.newDir().resolve("t.sock"));
    TransportListener listener = provider.listen(address, TransportOptions.empty());
    VirtualThreads.Running<TransportConnection> accept = VirtualThreads.start(listener::accept);
    VirtualThreads.Running<TransportConnection> connect =
        VirtualThreads.start(() -> provider.connect(address, TransportOptions.empty(), TIMEOUT));
    TransportConnection client = connect.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    TransportConnection server = accept.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    VirtualThreads.Running<Integer> read = VirtualThreads.start(() -> server.input().read());
    VirtualThreads.Running<Boolean> write =
        VirtualThreads.start(
            () -> {
              client.output().write('t');
              return true;
            });
    assertEquals('t', read.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(write.result().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

    Set<Thread> serving = handOffThreads();
    serving.removeAll(before);
    assertEquals(VirtualThreads.available(), !serving.isEmpty(), "served: " + serving);

    listener.close();
    client.close();
    server.close();
    Eventually.waitFor(
        "the threads that served the sockets to end: " + serving,
        TIMEOUT,
        () -> serving.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void theseTestsRunOnVirtualThreadsWhereTheJdkHasThem() {
    assertEquals(Runtime.version().feature() >= 21, VirtualThreads.available());
  }
}
