package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Runs one byte sequence against real QEMU and against the fake, each on a fresh connection, and
 * compares what comes back byte for byte, after blanking what must differ: timestamps (and, where
 * asked, descriptor numbers). The fake claims QEMU's exact version, so nothing else is blanked.
 */
final class Differential {
  /** Ends every sequence: its reply (an error in negotiation mode) marks the end of the output. */
  static final String SENTINEL = "{\"execute\":\"query-version\",\"id\":\"sync\"}";

  private static final Pattern SECONDS = Pattern.compile("(\"seconds\": )\\d+");
  private static final Pattern MICROSECONDS = Pattern.compile("(\"microseconds\": )\\d+");
  private static final Pattern FD = Pattern.compile("(\"fd\": )\\d+");

  /** How far a connection gets before the sequence is sent. */
  enum Mode {
    /** Greeting only: the sequence runs in negotiation mode. */
    GREETING,
    /** Negotiated without OOB. */
    NEGOTIATED,
    /** Negotiated with OOB enabled. */
    OOB
  }

  private Differential() {}

  /** Joins strings (as UTF-8) and byte arrays into one byte sequence. */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof byte[] raw) {
        out.writeBytes(raw);
      } else {
        out.writeBytes(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** Sends the sequence (then the sentinel) and returns the normalized output, greeting first. */
  static List<String> run(TransportAddress address, Mode mode, byte[] input, boolean blankFds)
      throws IOException, InterruptedException {
    List<String> output = new ArrayList<>();
    try (WireClient client = WireClient.connect(address)) {
      String greeting = client.nextRaw();
      output.add(greeting);
      if (mode != Mode.GREETING) {
        client.send(
            mode == Mode.OOB
                ? "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}"
                : "{\"execute\":\"qmp_capabilities\"}");
        output.add(client.nextRaw());
      }
      client.send(bytes(input, SENTINEL));
      output.addAll(client.rawUntilId("sync"));
    }
    List<String> normalized = new ArrayList<>();
    for (String message : output) {
      String m = SECONDS.matcher(message).replaceAll("$1S");
      m = MICROSECONDS.matcher(m).replaceAll("$1U");
      if (blankFds) {
        m = FD.matcher(m).replaceAll("$1N");
      }
      normalized.add(m);
    }
    return normalized;
  }

  /** Asserts that QEMU and the fake answer the sequence identically. */
  static void assertSame(
      TransportAddress qemu, TransportAddress fake, Mode mode, byte[] input, boolean blankFds)
      throws IOException, InterruptedException {
    List<String> expected = run(qemu, mode, input, blankFds);
    List<String> actual = run(fake, mode, input, blankFds);
    assertEquals(
        String.join("", expected),
        String.join("", actual),
        "QEMU and the fake differ for " + new String(input, StandardCharsets.ISO_8859_1));
  }

  /** Reads QEMU's version from its greeting, so the fake can claim exactly the same. */
  static QemuVersion versionOf(TransportAddress qemu) throws IOException, InterruptedException {
    try (WireClient client = WireClient.connect(qemu)) {
      JsonNode version = client.greeting().get("QMP").get("version");
      JsonNode triple = version.get("qemu");
      return new QemuVersion(
          triple.get("major").asInt(),
          triple.get("minor").asInt(),
          triple.get("micro").asInt(),
          version.get("package").asString());
    }
  }
}
