package io.github.qmp4j.benchmarks;

import io.github.qmp4j.client.CommandTimeoutException;
import io.github.qmp4j.client.EventFilter;
import io.github.qmp4j.client.EventListener;
import io.github.qmp4j.client.OverflowPolicy;
import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpCommand;
import io.github.qmp4j.client.QmpEvent;
import io.github.qmp4j.client.ReconnectPolicy;
import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Runstate;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One client of the soak: a {@link QmpClient} with a reconnect policy, a thread issuing {@code
 * query-status} back to back (every {@code fdEvery} calls a {@code getfd} of a real descriptor and
 * its {@code closefd}), and a thread taking its numbered events from an {@link EventListener}. It
 * counts every outcome; {@link Soak} judges them.
 */
final class SoakClient {
  static final String EVENT = "SOAK_TICK";

  /** A call that takes this long is a hung call: a failure, never a slow success. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

  /** How long a client may take to be back after a forced disconnect. */
  static final Duration RECONNECT_DEADLINE = Duration.ofSeconds(30);

  private final int index;
  private final QmpClient client;
  private final FakeQmpServer fake;
  private final Path descriptorFile;
  private final int fdEvery;
  private final String address;
  private final EventListener listener;

  final AtomicLong replies = new AtomicLong();
  final AtomicLong failedByDisconnect = new AtomicLong();
  final AtomicLong hung = new AtomicLong();
  final AtomicLong otherFailures = new AtomicLong();
  final AtomicLong descriptorsPassed = new AtomicLong();
  final AtomicLong descriptorsMissing = new AtomicLong();
  final AtomicLong eventsReceived = new AtomicLong();
  final AtomicLong eventsOutOfOrder = new AtomicLong();
  final AtomicInteger sessions = new AtomicInteger();
  final AtomicInteger sessionEnds = new AtomicInteger();
  final List<String> problems = new CopyOnWriteArrayList<>();

  private final BitSet seen = new BitSet(); // guarded by itself
  private volatile long lastSeq = -1;
  private volatile boolean stopping;
  private @Nullable Thread commands;
  private @Nullable Thread events;

  SoakClient(int index, FakeQmpServer fake, String address, Path descriptorFile, int fdEvery) {
    this.index = index;
    this.fake = fake;
    this.address = address;
    this.descriptorFile = descriptorFile;
    this.fdEvery = fdEvery;
    this.client =
        QmpClient.builder()
            .name("soak" + index)
            .commandTimeout(COMMAND_TIMEOUT)
            .reconnect(
                ReconnectPolicy.exponentialBackoff()
                    .withInitialDelay(Duration.ofMillis(20))
                    .withMaxDelay(Duration.ofSeconds(1)))
            .build();
    client.addRunstateListener(
        (from, to) -> {
          if (to == Runstate.RUNNING) {
            sessions.incrementAndGet();
          } else if (from == Runstate.RUNNING) {
            sessionEnds.incrementAndGet();
          }
        });
    // Large enough that a listener thread starved for a while does not overflow: an overflow
    // (FAIL) is reported as lost events, as it should be.
    this.listener = client.listen(EventFilter.names(EVENT), 1 << 16, OverflowPolicy.FAIL);
  }

  void start() throws InterruptedException {
    client.connect(address);
    Thread c = new Thread(this::commandLoop, "soak-commands-" + index);
    Thread e = new Thread(this::eventLoop, "soak-events-" + index);
    c.setDaemon(true);
    e.setDaemon(true);
    commands = c;
    events = e;
    c.start();
    e.start();
  }

  /** Tells whether this client is running the session that began after {@code faults} faults. */
  boolean runningSessionAfter(int faults) {
    return client.runstate() == Runstate.RUNNING && sessions.get() > faults;
  }

  long lastSeq() {
    return lastSeq;
  }

  /** The sequence numbers received, for the final check. */
  BitSet seen() {
    synchronized (seen) {
      return (BitSet) seen.clone();
    }
  }

  private void commandLoop() {
    String fdname = "soak-fd-" + index;
    long n = 0;
    while (!stopping) {
      n++;
      try {
        if (fdEvery > 0 && n % fdEvery == 0) {
          passDescriptor(fdname);
        } else {
          JsonNode status = client.execute("query-status");
          if (status.get("status") == null) {
            problems.add("query-status returned " + status);
            otherFailures.incrementAndGet();
          } else {
            replies.incrementAndGet();
          }
        }
      } catch (DisconnectedException e) {
        failedByDisconnect.incrementAndGet();
        awaitRunning();
      } catch (CommandTimeoutException e) {
        hung.incrementAndGet();
        problems.add("hung call: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | IOException e) {
        otherFailures.incrementAndGet();
        if (problems.size() < 20) {
          problems.add("call failed: " + e);
        }
      }
    }
  }

  /** {@code getfd} with a fresh descriptor of a real file, checked on the fake, then closed. */
  private void passDescriptor(String fdname) throws InterruptedException, IOException {
    try (FileInputStream file = new FileInputStream(descriptorFile.toFile())) {
      client.execute(
          QmpCommand.of("getfd").arguments(Map.of("fdname", fdname)).descriptors(file.getFD()));
    }
    if (fake.namedDescriptor(fdname).isPresent()) {
      descriptorsPassed.incrementAndGet();
    } else {
      descriptorsMissing.incrementAndGet();
      problems.add("getfd succeeded but the fake holds no descriptor named " + fdname);
    }
    client.execute("closefd", Map.of("fdname", fdname));
    replies.addAndGet(2);
  }

  private void awaitRunning() {
    try {
      client.awaitRunstate(Runstate.RUNNING, RECONNECT_DEADLINE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stopping) {
        problems.add("not reconnected within " + RECONNECT_DEADLINE + ": " + e);
      }
    }
  }

  private void eventLoop() {
    while (true) {
      QmpEvent event;
      try {
        event = listener.poll(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          problems.add("listener failed: " + e);
        }
        return;
      }
      if (event == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      JsonNode seq = event.data("seq");
      if (seq == null || !seq.isIntegralNumber()) {
        problems.add("event without a seq: " + event);
        continue;
      }
      long s = seq.longValue();
      if (s <= lastSeq) {
        eventsOutOfOrder.incrementAndGet();
        problems.add("event " + s + " after " + lastSeq);
      }
      lastSeq = s;
      eventsReceived.incrementAndGet();
      synchronized (seen) {
        seen.set((int) s);
      }
    }
  }

  /** Stops the command thread; returns whether it ended in time (a stuck thread is a hung call). */
  boolean stopCommands(Duration deadline) throws InterruptedException {
    stopping = true;
    Thread c = commands;
    if (c == null) {
      return true;
    }
    c.join(deadline.toMillis());
    return !c.isAlive();
  }

  /** Stops the event thread once it has drained the queue; then closes the client. */
  boolean close(Duration deadline) throws InterruptedException {
    stopping = true;
    Thread e = events;
    boolean ended = true;
    if (e != null) {
      e.join(deadline.toMillis());
      ended = !e.isAlive();
      if (!ended) {
        e.interrupt();
      }
    }
    listener.close();
    client.close();
    return ended;
  }
}
