package io.github.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowAndLatenciesTest {
  @Test
  void percentilesAndRateComeFromTheSamples() {
    Latencies l = new Latencies(4);
    for (int i = 1; i <= 100; i++) {
      l.record(i * 1000L); // 1..100 µs, more samples than the initial capacity
    }
    l.addRound(100, 2_000_000_000L);
    assertEquals(50.0, l.percentileMicros(50));
    assertEquals(99.0, l.percentileMicros(99));
    assertEquals(50.0, l.rate());
    assertTrue(Double.isNaN(new Latencies(1).percentileMicros(50)));
  }

  @Test
  void aRowSurvivesTheTripFromAChildJvm() {
    Row row =
        new Row("s", "p", "c", 1.5, "ops/s", 2.5, Double.NaN, 0.75, "≥ 0.6", 123, 4.5, "a\tnote");
    Row back = Row.parse(row.serialize());
    assertEquals(row.withNote("a note"), back);
    assertNull(Row.parse("not a row"));
  }

  @Test
  void ratiosDivideByTheBaseline() {
    Row raw = new Row("s", "p", "raw", 100, "ops/s", 1, 2, Double.NaN, "", -1, Double.NaN, null);
    Row lib = new Row("s", "p", "lib", 60, "ops/s", 1, 2, Double.NaN, "", -1, Double.NaN, null);
    assertEquals(0.6, lib.against(raw, "t").ratio(), 1e-9);
  }

  @Test
  void unknownOptionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--fast"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--only=nothing"));
    assertEquals(20, Options.parse("--quick").connections);
  }
}
