package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.Fault;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code qmp4j events} against the fake: JSON lines, filters, count, timeout, a lost connection.
 */
class EventsCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeQmpServer fake = new FakeQmpServer();
  private String address = "";

  @BeforeEach
  void start() throws IOException {
    address = fake.start().toString();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** Runs {@code events} in the background; a 20 s timeout is the backstop for a broken test. */
  private CompletableFuture<Tool.Result> events(String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("events", "-a", address));
    args.addAll(List.of(options));
    return CompletableFuture.supplyAsync(() -> Tool.run(args.toArray(new String[0])));
  }

  /** Emits the event until a negotiated client received it: then the command is listening. */
  private void emitOnceListening(String name, Map<String, Object> data)
      throws InterruptedException {
    Eventually.waitFor("the events command to connect", WAIT, () -> fake.emitEvent(name, data) > 0);
  }

  private static List<JsonNode> lines(String out) {
    return out.lines().map(JSON::readTree).toList();
  }

  @Test
  void printsEachEventAsOneJsonLineUntilTheCount() throws Exception {
    CompletableFuture<Tool.Result> run = events("--count", "2", "--timeout", "20s");
    emitOnceListening("DEVICE_DELETED", Map.of("device", "nic0"));
    fake.emitEvent("STOP");
    Tool.Result r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.toString());
    List<JsonNode> events = lines(r.out());
    assertEquals(2, events.size(), r.out());
    assertEquals("DEVICE_DELETED", events.get(0).get("event").stringValue());
    assertEquals("nic0", events.get(0).get("data").get("device").stringValue());
    assertTrue(events.get(0).get("timestamp").get("seconds").isIntegralNumber());
    assertEquals("STOP", events.get(1).get("event").stringValue());
    assertEquals("", r.err());
  }

  @Test
  void namesFilter() throws Exception {
    CompletableFuture<Tool.Result> run =
        events("--name", "RESUME", "--name", "RESET", "--count", "2", "--timeout", "20s");
    emitOnceListening("STOP", Map.of());
    fake.emitEvent("RESUME");
    fake.emitEvent("POWERDOWN");
    fake.emitEvent("RESET", Map.of("guest", false));
    Tool.Result r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        List.of("RESUME", "RESET"),
        lines(r.out()).stream().map(e -> e.get("event").stringValue()).toList());
  }

  @Test
  void aTimeoutWithoutCountEndsQuietly() {
    Tool.Result r = Tool.run("events", "-a", address, "--timeout", "300ms");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void aTimeoutBeforeTheCountIsAFailure() throws Exception {
    CompletableFuture<Tool.Result> run = events("--count", "2", "--timeout", "1s");
    emitOnceListening("STOP", Map.of());
    Tool.Result r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, lines(r.out()).size(), r.out());
    assertEquals("qmp4j: timed out after 1s: received 1 of 2 event(s)\n", r.err());
  }

  @Test
  void theEndOfTheConnectionEndsTheCommandAfterTheEventsItGot() throws Exception {
    CompletableFuture<Tool.Result> run = events("--count", "5", "--timeout", "20s");
    emitOnceListening("STOP", Map.of());
    fake.injectFault(Fault.close());
    Tool.Result r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, r.code(), r.toString());
    assertEquals("STOP", lines(r.out()).get(0).get("event").stringValue());
    assertTrue(r.err().startsWith("qmp4j: the connection ended after 1 event(s)"), r.err());
  }

  @Test
  void aCountBelowOneIsAUsageError() {
    Tool.Result r = Tool.run("events", "-a", address, "--count", "0");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--count must be at least 1"), r.err());
    assertEquals(0, fake.connectionCount());
  }
}
