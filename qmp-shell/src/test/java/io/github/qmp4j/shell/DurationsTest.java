package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Durations as the tool reads and writes them. */
class DurationsTest {
  @Test
  void unitsAndBareSeconds() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(3), Durations.parse("3s"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
    assertEquals(Duration.ofHours(2), Durations.parse("2h"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5"));
    assertEquals(Duration.ofSeconds(3), Durations.parse("PT3S"));
    assertEquals(Duration.ofSeconds(3), Durations.parse(" 3S "));
  }

  @Test
  void nonsenseZeroAndNegativeAreRefused() {
    for (String bad : new String[] {"", "s", "3x", "-1s", "0", "0ms", "PT-1S", "1.5.5s"}) {
      assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse(bad), bad);
    }
  }

  @Test
  void formatReadsBack() {
    for (String text : new String[] {"500ms", "3s", "1m", "1500ms"}) {
      assertEquals(text, Durations.format(Durations.parse(text)));
    }
  }
}
