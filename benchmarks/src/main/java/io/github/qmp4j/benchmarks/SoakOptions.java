package io.github.qmp4j.benchmarks;

import java.time.Duration;

/**
 * The soak's command line ({@code --name value} or {@code --name=value}; durations as {@code 10m},
 * {@code 90s}, {@code 500ms}, {@code 1h}).
 *
 * <pre>
 *   --soak[=D]         (from run.sh) the same as --duration D
 *   --duration D       how long the traffic runs (default 10m)
 *   --clients N        clients (default 20)
 *   --fault-every D    the fake closes every connection this often (default 20s, at most D/3)
 *   --event-every D    the fake emits one numbered event to every client this often (default 10ms)
 *   --fd-every N       every Nth call of a client is getfd (a real descriptor) + closefd (default 50)
 * </pre>
 */
record SoakOptions(
    Duration duration, int clients, Duration faultEvery, Duration eventEvery, int fdEvery) {

  static SoakOptions parse(String... args) {
    Duration duration = Duration.ofMinutes(10);
    int clients = 20;
    Duration faultEvery = null;
    Duration eventEvery = Duration.ofMillis(10);
    int fdEvery = 50;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.isBlank() || a.equals("--soak")) {
        continue; // run.sh's --soak without a length: the default duration
      }
      String name = a;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(a + " needs a value; see SoakOptions.java");
      }
      switch (name) {
        case "--soak", "--duration" -> duration = duration(value);
        case "--clients" -> clients = Integer.parseInt(value);
        case "--fault-every" -> faultEvery = duration(value);
        case "--event-every" -> eventEvery = duration(value);
        case "--fd-every" -> fdEvery = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (faultEvery == null) {
      Duration third = duration.dividedBy(3);
      faultEvery = third.compareTo(Duration.ofSeconds(20)) < 0 ? third : Duration.ofSeconds(20);
    }
    return new SoakOptions(duration, clients, faultEvery, eventEvery, fdEvery);
  }

  /** {@code 10m}, {@code 90s}, {@code 500ms}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("pt")) {
      return Duration.parse(text);
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  /** Heap samples: one a minute, or ten over a shorter run. */
  Duration sampleEvery() {
    Duration tenth = duration.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
  }
}
