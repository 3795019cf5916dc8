package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.conformance.Background;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Counterparts of protocol.py's testFakeRecv/testFakeSend: traffic is logged at DEBUG as {@code -->
 * msg} and {@code <-- msg} on the logger named after the connection. The surefire configuration
 * enables DEBUG for {@code io.github.qmp4j.protocol.traffic} only; slf4j-simple writes to whatever
 * {@code System.err} is at the time.
 */
class TrafficLoggingTest {
  @Test
  void logsBothDirectionsOnThePerConnectionLogger() throws Exception {
    LineProtocol server = new LineProtocol("traffic-peer");
    LineProtocol client = new LineProtocol("traffic");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try {
      Background.connectPair(server, client, "memory:*");
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      client.sendLine("echo marco");
      Eventually.waitFor(
          "the reply to be logged",
          Duration.ofSeconds(10),
          () -> captured.toString(StandardCharsets.UTF_8).contains("<-- marco"));
    } finally {
      System.setErr(original);
      client.close();
      server.close();
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("DEBUG io.github.qmp4j.protocol.traffic - --> echo marco"), log);
    assertTrue(log.contains("DEBUG io.github.qmp4j.protocol.traffic - <-- marco"), log);
    assertTrue(!log.contains("traffic-peer"), "the peer's logger stays at INFO: " + log);
  }
}
