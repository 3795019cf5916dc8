package io.github.qmp4j.shell;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way the tool writes them everywhere: a number and a unit, {@code 500ms},
 * {@code 3s}, {@code 1.5s}, {@code 1m}, {@code 2h}; a bare number means seconds; ISO-8601 ({@code
 * PT3S}) works too. Zero and negative durations are refused.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * Parses a duration.
   *
   * @param text e.g. {@code 500ms}
   * @return the positive duration
   * @throws CommandLine.TypeConversionException when the text is not a positive duration
   */
  static Duration parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = SIMPLE.matcher(s);
    if (m.matches()) {
      String unit = m.group(2) == null ? "s" : m.group(2);
      BigDecimal millisPerUnit =
          BigDecimal.valueOf(
              switch (unit) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
              });
      BigDecimal nanos =
          new BigDecimal(m.group(1))
              .multiply(millisPerUnit)
              .multiply(BigDecimal.valueOf(1_000_000));
      try {
        d = Duration.ofNanos(nanos.longValueExact());
      } catch (ArithmeticException e) {
        throw invalid(text, "too long, or finer than a nanosecond");
      }
    } else {
      try {
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text, "expected e.g. 500ms, 3s, 1m");
      }
    }
    if (d.isZero() || d.isNegative()) {
      throw invalid(text, "must be positive");
    }
    return d;
  }

  /** Formats a duration as {@link #parse} reads it, e.g. {@code 3s} or {@code 1500ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms > 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms > 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms > 0 ? ms + "ms" : d.toNanos() + "ns";
  }

  private static CommandLine.TypeConversionException invalid(String text, String why) {
    return new CommandLine.TypeConversionException("Invalid duration '" + text + "': " + why);
  }
}
