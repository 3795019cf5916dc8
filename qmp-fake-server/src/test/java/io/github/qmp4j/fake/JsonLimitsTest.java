package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmp4j.protocol.transport.TransportAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * QEMU's parser limits, checked against answers recorded from QEMU 7.2.22. (QEMU reads its monitor
 * a byte per main-loop turn, so sending it 64 MiB takes three minutes: too slow for the
 * differential suite, which covers the nesting limit live.)
 */
class JsonLimitsTest {
  /** Generous: 64 MiB through a byte-by-byte lexer on a busy 2-core machine. */
  private static final Duration SLOW = Duration.ofSeconds(60);

  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() {
    fake.close();
  }

  @Test
  void aTokenPast64MiBIsCutOffAndTheRestReadAsNewInput() throws Exception {
    TransportAddress address = fake.start();
    byte[] huge = new byte[(64 << 20) + 100];
    Arrays.fill(huge, (byte) 'a');
    byte[] input =
        Differential.bytes(
            "{\"execute\":\"query-status\",\"id\":\"", huge, "\"}\"", Differential.SENTINEL);
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      client.send(input);
      // Recorded from QEMU 7.2.22 for exactly this input.
      assertEquals(
          List.of(
              error("JSON token size limit exceeded"),
              error("JSON parse error, invalid keyword '" + "a".repeat(100) + "'"),
              error("QMP input must be a JSON object")),
          client.rawUntilId("sync", SLOW).subList(0, 3));
    }
  }

  @Test
  void messagesPastTheUsualClientLimitsAreRead() throws Exception {
    TransportAddress address = fake.start();
    String big = "x".repeat(16 << 20);
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      client.send(
          ("{\"execute\":\"nope\",\"id\":\"" + big + "\"}").getBytes(StandardCharsets.UTF_8));
      String reply = client.nextRaw(SLOW);
      String tail =
          "\", \"error\": {\"class\": \"CommandNotFound\","
              + " \"desc\": \"The command nope has not been found\"}}\r\n";
      assertEquals("{\"id\": \"" + big + tail, reply);
    }
  }

  @Test
  void aHugeIntegerIsInfinityAsInQemuWithoutQuadraticWork() throws Exception {
    // QEMU: strtoll and strtoull overflow, strtod says inf. Read as a BigInteger first, 4 million
    // digits took minutes (quadratic); the fake now goes straight to a double past 20 digits.
    String digits = "9".repeat(4 << 20);
    String notFound =
        ", \"error\": {\"class\": \"CommandNotFound\","
            + " \"desc\": \"The command nope has not been found\"}}\r\n";
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"nope\",\"id\":" + digits + "}");
      assertEquals("{\"id\": inf" + notFound, client.nextRaw(SLOW));
      client.send("{\"execute\":\"nope\",\"id\":-" + digits + "}");
      assertEquals("{\"id\": -inf" + notFound, client.nextRaw(SLOW));
    }
  }

  private static String error(String desc) {
    return "{\"error\": {\"class\": \"GenericError\", \"desc\": \"" + desc + "\"}}\r\n";
  }
}
