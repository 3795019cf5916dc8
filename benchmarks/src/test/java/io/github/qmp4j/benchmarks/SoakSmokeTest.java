package io.github.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak for a few seconds: 20 clients, commands, descriptors, events and two forced disconnects;
 * every invariant of the long run must hold here too.
 */
class SoakSmokeTest {
  @TempDir Path work;

  @Test
  void aShortSoakKeepsEveryInvariant() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    SoakOptions options =
        SoakOptions.parse("--duration", "3s", "--fault-every=1s", "--fd-every=10");
    SoakResult r = new Soak(options, work, out).run();
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(), r.failures(), printed);
    assertTrue(r.passed(), printed);
    assertEquals(0, r.eventsOutOfOrder, printed);
    assertEquals(0, r.otherFailures, printed);
    assertEquals(0, r.stuckThreads, printed);
    assertTrue(r.faults >= 2, printed);
    assertTrue(r.failedByDisconnect + r.replies > 0, printed);
    assertEquals(20L * (r.faults + 1), r.sessions, printed);
    assertTrue(r.descriptorsPassed > 0, printed);
    assertTrue(r.mustDeliverPerClient > 0, printed);
    assertTrue(printed.contains("| events lost / out of order | 0 / 0 |"), printed);
  }

  @Test
  void durationsParse() {
    assertEquals(Duration.ofMinutes(10), SoakOptions.duration("10m"));
    assertEquals(Duration.ofMillis(500), SoakOptions.duration("500ms"));
    assertEquals(Duration.ofSeconds(90), SoakOptions.parse("--soak=90s").duration());
    assertEquals(Duration.ofSeconds(20), SoakOptions.parse().faultEvery());
  }
}
