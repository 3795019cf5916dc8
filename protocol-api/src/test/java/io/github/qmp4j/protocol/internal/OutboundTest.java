package io.github.qmp4j.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OutboundTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** Records what is written; can hold one flush until released, or fail flushes. */
  private static final class RecordingWriter implements MessageWriter<String> {
    final List<String> written = new ArrayList<>(); // only the writing thread touches it
    final List<Integer> batchSizes = new ArrayList<>();
    final AtomicInteger overlaps = new AtomicInteger();
    final CountDownLatch firstFlushEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirstFlush = new CountDownLatch(1);
    volatile boolean holdFirstFlush;
    volatile boolean failFlushes;
    private final AtomicInteger inWrite = new AtomicInteger();
    private int pending;

    @Override
    public void encode(String message) {
      enter();
      try {
        written.add(message);
        pending++;
      } finally {
        inWrite.decrementAndGet();
      }
    }

    @Override
    public void flush() throws IOException {
      enter();
      try {
        if (failFlushes) {
          throw new IOException("broken pipe (test)");
        }
        batchSizes.add(pending);
        pending = 0;
        if (holdFirstFlush && firstFlushEntered.getCount() > 0) {
          firstFlushEntered.countDown();
          await(releaseFirstFlush);
        }
      } finally {
        inWrite.decrementAndGet();
      }
    }

    private void enter() {
      if (inWrite.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(LONG.toSeconds(), TimeUnit.SECONDS), "latch");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Outbound<String> outbound(
      RecordingWriter writer, AtomicReference<Throwable> failed) {
    return new Outbound<>(
        writer, null, UnaryOperator.identity(), failed::set, Thread::new, "test-writer");
  }

  /** Starts a sender of "first" and returns once it is stuck inside its own write. */
  private static Thread senderStuckInItsWrite(Outbound<String> outbound, RecordingWriter writer) {
    writer.holdFirstFlush = true;
    Thread first = new Thread(() -> outbound.send("first", List.of()), "stuck-sender");
    first.start();
    await(writer.firstFlushEntered);
    return first;
  }

  private static void assertEnds(Thread t) throws InterruptedException {
    t.join(LONG.toMillis());
    assertFalse(t.isAlive(), t.getName() + " still runs");
  }

  @Test
  void concurrentSendersAreWrittenOnceEachInTheirOwnOrderAndNeverTwoAtOnce() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    int threads = 4;
    int perThread = 5_000;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  outbound.send(id + ":" + i, List.of());
                }
              });
      senders.add(sender);
      sender.start();
    }
    for (Thread t : senders) {
      assertEnds(t);
    }
    assertTrue(outbound.closeAndFlush(Deadline.after(LONG)), "flushed");

    assertEquals(0, writer.overlaps.get(), "two threads wrote at once");
    assertEquals(threads * perThread, writer.written.size());
    int[] next = new int[threads];
    for (String m : writer.written) {
      int colon = m.indexOf(':');
      int t = Integer.parseInt(m.substring(0, colon));
      assertEquals(next[t]++, Integer.parseInt(m.substring(colon + 1)), "order of sender " + t);
    }
  }

  @Test
  void whatQueuesBehindADirectWriteGoesOutInOneBatchFromThatCallerWithoutAWriterThread()
      throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    Thread first = senderStuckInItsWrite(outbound, writer);

    // The first caller is stuck in its write: these queue and return at once.
    outbound.send("a", List.of());
    outbound.send("b", List.of());
    outbound.send("c", List.of());
    writer.releaseFirstFlush.countDown();
    assertEnds(first);

    assertEquals(List.of("first", "a", "b", "c"), writer.written);
    assertEquals(List.of(1, 3), writer.batchSizes, "its own write, then one batch of three");
    assertNull(outbound.writerThread(), "no writer thread was needed");
    assertTrue(outbound.closeAndFlush(Deadline.after(LONG)));
  }

  @Test
  void closeAndFlushWritesEverythingQueuedBeforeIt() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    Thread first = senderStuckInItsWrite(outbound, writer);
    outbound.send("queued", List.of());

    AtomicReference<Boolean> flushed = new AtomicReference<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                flushed.set(outbound.closeAndFlush(Deadline.after(LONG)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    closer.start();
    // Its only timed wait is for the write in progress and the queue behind it to drain.
    Eventually.waitFor(
        "closeAndFlush waiting", LONG, () -> closer.getState() == Thread.State.TIMED_WAITING);
    assertEquals(List.of("first"), writer.written, "nothing more written yet");
    writer.releaseFirstFlush.countDown();
    assertEnds(closer);
    assertTrue(Boolean.TRUE.equals(flushed.get()), "flushed in time");
    assertEquals(List.of("first", "queued"), writer.written);
    DisconnectedException late =
        assertThrows(DisconnectedException.class, () -> outbound.send("late", List.of()));
    assertNull(late.getCause());
    assertEnds(first);
  }

  @Test
  void aFailedWriteIsReportedOnceAndLaterSendsFailWithItAsTheCause() {
    RecordingWriter writer = new RecordingWriter();
    writer.failFlushes = true;
    AtomicReference<Throwable> failed = new AtomicReference<>();
    AtomicInteger reports = new AtomicInteger();
    Outbound<String> outbound =
        new Outbound<>(
            writer,
            null,
            UnaryOperator.identity(),
            e -> {
              reports.incrementAndGet();
              failed.set(e);
            },
            Thread::new,
            "w");

    outbound.send("doomed", List.of()); // the session learns of it through onFailure
    Throwable cause = failed.get();
    assertTrue(cause instanceof IOException, "reported: " + cause);
    DisconnectedException after =
        assertThrows(DisconnectedException.class, () -> outbound.send("next", List.of()));
    assertSame(cause, after.getCause());
    outbound.abandon(new IOException("later (test)"));
    assertEquals(1, reports.get(), "reported once");
  }

  @Test
  void aDeferringThreadsSendsWaitForItsFlushAndGoOutAsOneBatch() {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    outbound.deferWritesOfThisThread();
    outbound.send("a", List.of());
    outbound.send("b", List.of());
    outbound.send("c", List.of());
    assertEquals(List.of(), writer.written, "held until the flush");

    outbound.flushDeferred();
    assertEquals(List.of("a", "b", "c"), writer.written);
    assertEquals(List.of(3), writer.batchSizes, "one write for the three");

    outbound.send("d", List.of());
    outbound.stopDeferring();
    outbound.send("e", List.of());
    assertEquals(List.of("a", "b", "c", "d", "e"), writer.written);
    assertEquals(List.of(3, 1, 1), writer.batchSizes, "after stopDeferring, one write each");
  }

  @Test
  void onlyTheDeferringThreadWaitsAndOnlyItCanFlush() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    outbound.deferWritesOfThisThread();
    outbound.send("held", List.of());
    Thread other =
        new Thread(
            () -> {
              outbound.send("other", List.of());
              outbound.flushDeferred(); // not its deferral: nothing happens
            });
    other.start();
    assertEnds(other);
    assertEquals(List.of("other"), writer.written);

    outbound.stopDeferring();
    assertEquals(List.of("other", "held"), writer.written);
  }

  @Test
  void messagesWithDescriptorsAreNeverHeld() {
    RecordingWriter writer = new RecordingWriter();
    List<List<FileDescriptor>> attached = new ArrayList<>();
    FileDescriptorPassing passing =
        new FileDescriptorPassing() {
          @Override
          public void attachToNextWrite(List<FileDescriptor> descriptors) {
            attached.add(descriptors);
          }

          @Override
          public List<FileDescriptor> takeReceived() {
            return List.of();
          }
        };
    Outbound<String> outbound =
        new Outbound<>(writer, passing, UnaryOperator.identity(), e -> {}, Thread::new, "w");
    outbound.deferWritesOfThisThread();
    outbound.send("with-fd", List.of(FileDescriptor.in));
    assertEquals(List.of("with-fd"), writer.written, "written at once");
    assertEquals(List.of(List.of(FileDescriptor.in)), attached);
    outbound.stopDeferring();
  }

  @Test
  void whatWasHeldIsDroppedOnceTheSessionEndedAndLaterSendsThrow() {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    outbound.deferWritesOfThisThread();
    outbound.send("held", List.of());
    IOException cause = new IOException("peer gone (test)");
    outbound.abandon(cause);

    outbound.flushDeferred();
    assertEquals(List.of(), writer.written, "nothing written after the end");
    DisconnectedException after =
        assertThrows(DisconnectedException.class, () -> outbound.send("next", List.of()));
    assertSame(cause, after.getCause());
    outbound.stopDeferring();
    assertEquals(List.of(), writer.written);
  }

  @Test
  void closingFromTheDeferringThreadStillWritesWhatItHeld() throws Exception {
    RecordingWriter writer = new RecordingWriter();
    Outbound<String> outbound = outbound(writer, new AtomicReference<>());
    outbound.deferWritesOfThisThread();
    outbound.send("last words", List.of());

    assertTrue(outbound.closeAndFlush(Deadline.after(LONG)));
    assertEquals(List.of("last words"), writer.written);
    outbound.stopDeferring();
    assertEquals(List.of("last words"), writer.written, "written once");
  }
}
