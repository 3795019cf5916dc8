package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.ProtocolException;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes a whole client session over the {@code memory:} transport: the input is everything the
 * server sends. Seeds are real QEMU 7.2 sessions (greeting, negotiation, the replies to the
 * commands this test issues, events, errors, {@code pretty=on}) plus every input that ever found a
 * bug, in {@code src/test/resources/io/github/qmp4j/client/ClientSessionFuzzTestInputs/}. {@code
 * mvn verify} replays them; {@code JAZZER_FUZZ=1} fuzzes for real.
 *
 * <p>The server's bytes up to the second newline (greeting and negotiation, as QEMU sends them) are
 * there before the client connects; if it connects, it issues five commands the way users do
 * (async, typed, raw without id, {@code exec-oob}, and a blocking one that reads its own reply),
 * the rest of the bytes follow, and the server closes. Invariants, for every input:
 *
 * <ul>
 *   <li>nothing escapes but {@link ProtocolException}s, and the causes they carry are the expected
 *       kinds (I/O and framing errors, QMP protocol errors), never a bug's (a {@code
 *       NullPointerException}, a {@code DateTimeException}, ...);
 *   <li>every pending call completes, well before its timeout (the server always closes);
 *   <li>{@code disconnect()} returns the client to {@code IDLE}, and listeners end;
 *   <li>every thread the client started ends.
 * </ul>
 */
class ClientSessionFuzzTest {
  /** Long enough never to fire: the stream always ends, so everything must finish before. */
  private static final Duration NEVER = Duration.ofSeconds(20);

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private static final TransportProvider MEMORY =
      TransportRegistry.getDefault().provider(TransportAddress.parse("memory:x"));

  /** The largest stream used; the in-memory pipe holds 256 KiB without a reader. */
  private static final int MAX_STREAM = 128 * 1024;

  private static final int MAX_MESSAGE = 4096;

  /** The numbers of {@code query-version}'s {@code qemu} member. */
  record Triple(int major, int minor, int micro) {}

  /** What {@code query-version} maps to, to exercise typed results on odd replies. */
  record Version(Triple qemu) {}

  @FuzzTest(maxDuration = "3h", maxExecutions = 1_000_000)
  void sessionSurvivesAnyStream(byte[] input) throws Exception {
    byte[] stream = input.length > MAX_STREAM ? Arrays.copyOf(input, MAX_STREAM) : input;
    int split = handshakeEnd(stream);
    RecordingThreads threads = new RecordingThreads();
    QmpClient client =
        QmpClient.builder()
            .name("fuzz")
            .threadFactory(threads)
            .connectTimeout(NEVER)
            .greetingTimeout(NEVER)
            .negotiationTimeout(NEVER)
            .commandTimeout(NEVER)
            .maxMessageSize(MAX_MESSAGE)
            .eventQueueCapacity(4)
            .build();
    EventListener listener = client.listen();
    List<QmpEvent> called = new CopyOnWriteArrayList<>();
    EventSubscription subscription = client.subscribe(EventFilter.all(), called::add);
    TransportListener server = MEMORY.listen(TransportAddress.parse("memory:*"), opts());
    TransportConnection serverSide = null;
    try {
      TransportConnection clientSide = MEMORY.connect(server.localAddress(), opts(), NEVER);
      serverSide = server.accept();
      OutputStream toClient = serverSide.output();
      write(toClient, stream, 0, split);
      boolean connected = connect(client, clientSide, split == stream.length ? toClient : null);
      List<CompletableFuture<?>> calls = new ArrayList<>();
      if (connected) {
        issueCommands(client, calls);
        CompletableFuture<Object> blocking = blockingCall(client);
        calls.add(blocking);
        awaitRequest(serverSide, "query-kvm", blocking);
        write(toClient, stream, split, stream.length);
        toClient.close();
      }
      for (int i = 0; i < calls.size(); i++) {
        assertCompletesTyped(calls.get(i), COMMANDS.get(i), client);
      }
      disconnect(client);
      assertEquals(Runstate.IDLE, client.runstate());
      assertListenerEnded(listener);
    } finally {
      subscription.close();
      client.close();
      server.close();
      if (serverSide != null) {
        serverSide.close();
      }
    }
    threads.assertAllEnded();
  }

  private static TransportOptions opts() {
    return TransportOptions.empty();
  }

  /**
   * Where the handshake ends: after the greeting and the negotiation reply (and the events before
   * each), framed exactly as the client frames them, or the end when the stream has no such prefix.
   * Served one byte per read, the reader never reads past the message it returns.
   */
  private static int handshakeEnd(byte[] stream) {
    int[] served = {0};
    java.io.InputStream oneByOne =
        new java.io.InputStream() {
          @Override
          public int read() {
            return served[0] < stream.length ? stream[served[0]++] & 0xff : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            int c = read();
            if (c < 0) {
              return -1;
            }
            b[off] = (byte) c;
            return 1;
          }
        };
    var reader = new QmpCodec(MAX_MESSAGE).newReader(oneByOne);
    int found = 0;
    try {
      for (Message m; (m = reader.read()) != null; ) {
        boolean event = m.has("event") && m.eventName() != null;
        if (!event && ++found == 2) {
          return served[0];
        }
      }
    } catch (IOException e) {
      // not framed: the client fails on it while connecting
    }
    return stream.length;
  }

  private static void write(OutputStream out, byte[] bytes, int from, int to) {
    try {
      out.write(Arrays.copyOfRange(bytes, from, to));
    } catch (IOException e) {
      // the client already gave up and closed: what it did about it is checked elsewhere
    }
  }

  /**
   * Connects; a failure must be a {@link ConnectException} with an expected cause. When the whole
   * stream was sent before connecting, the server's end closes first, so connecting ends either
   * way.
   */
  private static boolean connect(
      QmpClient client, TransportConnection connection, OutputStream closeFirst)
      throws InterruptedException, IOException {
    if (closeFirst != null) {
      closeFirst.close();
    }
    try {
      client.connect(connection, NEVER);
      return true;
    } catch (ConnectException e) {
      assertExpectedCause(e);
      return false;
    }
  }

  /** The commands in the order {@link #issueCommands} and the blocking call issue them. */
  private static final List<String> COMMANDS =
      List.of("query-status", "query-version", "query-name", "query-uuid (oob)", "query-kvm");

  private static void issueCommands(QmpClient client, List<CompletableFuture<?>> calls) {
    calls.add(tryIssue(() -> client.executeAsync("query-status")));
    calls.add(tryIssue(() -> client.executeAsync("query-version", null, Version.class)));
    calls.add(tryIssue(() -> client.executeRawAsync(Message.command("query-name", null))));
    calls.add(tryIssue(() -> client.executeAsync(QmpCommand.of("query-uuid").oob())));
  }

  /** Issues a command; refusing it at once with a typed exception is fine too. */
  private static CompletableFuture<?> tryIssue(
      java.util.function.Supplier<CompletableFuture<?>> s) {
    try {
      return s.get();
    } catch (ProtocolException e) {
      assertExpectedCause(e);
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Reads the client's requests until {@code command} was sent, so that its reply, if the stream
   * has one, finds it registered; or until {@code call} is done (refused, or the session ended).
   */
  private static void awaitRequest(
      TransportConnection serverSide, String command, CompletableFuture<?> call)
      throws IOException {
    serverSide.capability(ReadTimeouts.class).orElseThrow().setReadTimeout(Duration.ofMillis(5));
    java.io.InputStream in = serverSide.input();
    StringBuilder line = new StringBuilder();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!call.isDone() && System.nanoTime() < deadline) {
      int c;
      try {
        c = in.read();
      } catch (SocketTimeoutException e) {
        continue; // check on the call, then read on
      }
      if (c < 0) {
        return;
      }
      if (c != '\n') {
        line.append((char) c);
      } else if (line.indexOf("\"" + command + "\"") >= 0) {
        return;
      } else {
        line.setLength(0);
      }
    }
  }

  /** A blocking execute on its own thread: it reads its own reply when it can. */
  private static CompletableFuture<Object> blockingCall(QmpClient client) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(client.execute("query-kvm"));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "fuzz-blocking-caller");
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static void assertCompletesTyped(CompletableFuture<?> call, String name, QmpClient client)
      throws InterruptedException {
    try {
      call.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail(
          "'"
              + name
              + "' never completed although the server closed the connection; the client is "
              + client.runstate()
              + "; its threads:"
              + threadDump());
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      if (!(failure instanceof ProtocolException pe)) {
        throw new AssertionError("a call failed with an untyped exception: " + failure, failure);
      }
      if (pe instanceof CommandTimeoutException) {
        throw new AssertionError("a call timed out although the server closed", pe);
      }
      assertExpectedCause(pe);
    }
  }

  /** The stacks of the client's threads and the blocking caller, to tell a hang's cause. */
  private static String threadDump() {
    StringBuilder b = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              if (t.getName().startsWith("fuzz-") || t.getName().startsWith("qmp4j-")) {
                b.append("\n\"").append(t.getName()).append("\" ").append(t.getState());
                for (StackTraceElement e : stack) {
                  b.append("\n    at ").append(e);
                }
              }
            });
    return b.toString();
  }

  private static void disconnect(QmpClient client) throws InterruptedException {
    try {
      client.disconnect();
    } catch (SessionException e) {
      assertExpectedCause(e);
    }
  }

  private static void assertListenerEnded(EventListener listener) {
    listener.drain();
    try {
      listener.poll();
      fail("the listener did not end with the session");
    } catch (DisconnectedException | EventOverflowException e) {
      // ended, or stopped by its (tiny) queue overflowing: either way no consumer waits forever
    }
  }

  /**
   * The causes a fault from the peer may produce. A cause outside these (a NullPointerException, a
   * DateTimeException, an IllegalArgumentException from parsing) is a bug in the client.
   */
  private static final Set<Class<?>> EXPECTED_CAUSES =
      Set.of(IOException.class, QmpException.class, DisconnectedException.class);

  private static void assertExpectedCause(ProtocolException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.util.concurrent.TimeoutException) {
        throw new AssertionError("timed out although the server closed", e);
      }
      Throwable cause = c;
      boolean expected = EXPECTED_CAUSES.stream().anyMatch(k -> k.isInstance(cause));
      boolean parser = c instanceof tools.jackson.core.JacksonException;
      if (!expected && !parser) {
        throw new AssertionError("unexpected cause " + c + " in " + e, e);
      }
      if (c instanceof IOException || parser) {
        return; // the root of a transport or framing failure: its own causes are the library's
      }
    }
  }

  /** Makes daemon threads and remembers them, to check that every one ends. */
  private static final class RecordingThreads implements ThreadFactory {
    private final List<Thread> made = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "fuzz-" + count.incrementAndGet());
      t.setDaemon(true);
      made.add(t);
      return t;
    }

    void assertAllEnded() throws InterruptedException {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      for (Thread t : made) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        assertTrue(!t.isAlive(), () -> t.getName() + " is still alive: " + t.getState());
      }
    }
  }
}
