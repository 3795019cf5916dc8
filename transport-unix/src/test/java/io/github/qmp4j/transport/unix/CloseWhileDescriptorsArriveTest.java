package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a connection while descriptors keep arriving on it: the close returns and the reader
 * ends. junixsocket's close locks its map of received descriptors, then each descriptor; the reader
 * closing a received original locks the descriptor, then the map. A soak once caught the two
 * halfway and both stayed blocked for good; here each of many rounds closes mid-stream.
 */
class CloseWhileDescriptorsArriveTest {
  private static final int ROUNDS = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  @Test
  void aCloseMidStreamNeverDeadlocksWithTheReader() throws Exception {
    Path file = Files.writeString(Files.createTempFile(dirs.newDir(), "f", ".txt"), "x");
    for (int round = 0; round < ROUNDS; round++) {
      UnixPair pair = UnixPair.open(dirs);
      try (FileInputStream source = new FileInputStream(file.toFile())) {
        List<FileDescriptor> many = Collections.nCopies(60, source.getFD());
        AtomicInteger arrived = new AtomicInteger();
        Thread sender = daemon("sender", () -> sendUntilClosed(pair.client(), many));
        Thread reader = daemon("reader", () -> readUntilClosed(pair.server(), arrived));
        sender.start();
        reader.start();
        Eventually.waitFor("descriptors arriving", DEADLINE, () -> arrived.get() > 0);

        CountDownLatch closed = new CountDownLatch(1);
        daemon("closer", () -> closeQuietly(pair.server(), closed)).start();
        // On failure the deadlocked pair is left alone: closing it again would block this test.
        assertTrue(
            closed.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
            "round " + round + ": close() did not return while descriptors arrived");
        reader.join(DEADLINE.toMillis());
        assertFalse(reader.isAlive(), "round " + round + ": the reader did not end");
        pair.client().close();
        sender.join(DEADLINE.toMillis());
        assertFalse(sender.isAlive(), "round " + round + ": the sender did not end");
      }
    }
  }

  private static void closeQuietly(TransportConnection connection, CountDownLatch closed) {
    try {
      connection.close();
    } catch (IOException e) {
      // the assertion is about returning, not about how
    } finally {
      closed.countDown();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, "close-race-" + name);
    t.setDaemon(true);
    return t;
  }

  private static void sendUntilClosed(TransportConnection from, List<FileDescriptor> fds) {
    FileDescriptorPassing passing = UnixPair.passing(from);
    try {
      while (true) {
        passing.attachToNextWrite(fds);
        from.output().write('x');
      }
    } catch (IOException e) {
      // the other end closed: done
    }
  }

  /** Reads a byte at a time, so that descriptors are collected after every read. */
  private static void readUntilClosed(TransportConnection to, AtomicInteger arrived) {
    FileDescriptorPassing passing = UnixPair.passing(to);
    try {
      while (to.input().read() >= 0) {
        List<FileDescriptor> taken = passing.takeReceived();
        arrived.addAndGet(taken.size());
        Descriptors.closeAll(taken);
      }
    } catch (IOException e) {
      // closed under us: done
    }
  }
}
