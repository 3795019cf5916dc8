package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.testing.QemuProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STOP and RESUME around {@code stop}/{@code cont} on a real {@code -M q35 -S -accel tcg}. The
 * tests share one QEMU and each leaves it paused, as it started.
 */
class QmpClientEventsQemuTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static QemuProcess qemu;
  private static QmpClient client;

  @BeforeAll
  static void start() throws Exception {
    qemu = Qemu.start("-M", "q35", "-S", "-accel", "tcg", "-m", "64");
    client = Qemu.connect(qemu, Qemu.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (qemu != null) {
        qemu.close();
      }
    }
  }

  @Test
  void stopAndContRaiseStopAndResumeWithTimestamps() throws Exception {
    Instant before = Instant.now().minusSeconds(5);
    try (EventListener events = client.listen("STOP", "RESUME")) {
      client.execute("cont");
      QmpEvent resume = events.poll(WAIT);
      assertNotNull(resume, "RESUME after cont");
      assertEquals("RESUME", resume.name());
      assertTrue(resume.timestamp().isAfter(before), resume.timestamp().toString());
      client.execute("stop");
      QmpEvent stop = events.poll(WAIT);
      assertNotNull(stop, "STOP after stop");
      assertEquals("STOP", stop.name());
      assertFalse(stop.timestamp().isBefore(resume.timestamp()));
    }
  }

  @Test
  void executeAndAwaitEventSubscribesBeforeSending() throws Exception {
    QmpEvent resume = client.executeAndAwaitEvent("cont", null, "RESUME", null, WAIT);
    assertEquals("RESUME", resume.name());
    QmpEvent stop =
        client.executeAndAwaitEvent("stop", null, "STOP", e -> e.timestamp() != null, WAIT);
    assertEquals("STOP", stop.name());
    assertEquals("paused", client.execute("query-status").get("status").asString());
  }

  @Test
  void callbacksGetEventsInOrderOffTheReaderThread() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (EventSubscription sub =
        client.subscribe(
            EventFilter.names("STOP", "RESUME"),
            e -> {
              seen.add(e.name());
              threads.add(Thread.currentThread().getName());
            })) {
      for (int i = 0; i < 3; i++) {
        client.execute("cont");
        client.execute("stop");
      }
      Eventually.waitFor("six events", WAIT, () -> seen.size() >= 6);
      assertEquals(List.of("RESUME", "STOP", "RESUME", "STOP", "RESUME", "STOP"), seen);
      assertTrue(threads.stream().allMatch(n -> n.startsWith("qmp4j-events")), threads.toString());
      assertEquals(0, sub.dropped());
    }
  }

  @Test
  void aPredicateFiltersEventsByData() throws Exception {
    try (EventListener resumes =
            client.listen(EventFilter.names("RESUME").and(e -> e.data().isEmpty()));
        EventListener none = client.listen(EventFilter.all().and(e -> false))) {
      client.execute("cont");
      client.execute("stop");
      assertNotNull(resumes.poll(WAIT));
      assertTrue(none.isEmpty());
    }
  }
}
