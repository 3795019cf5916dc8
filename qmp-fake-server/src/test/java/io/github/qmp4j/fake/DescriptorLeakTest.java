package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every descriptor a client passes is closed exactly when QEMU would close it, whatever path it
 * takes through the fake: counted in {@code /proc/self/fd} with real descriptor passing over a Unix
 * socket. Descriptors no command took close when their connection ends (queued behind a slow
 * command, refused by the parser or before negotiation, sent with {@code exec-oob} or with a
 * command that takes none, with half a message); the one {@code getfd} took stays until {@code
 * closefd} or until the server closes. Each scenario runs once to warm up (the JVM opens jars and
 * such on first use), then counts.
 */
class DescriptorLeakTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Path PROC_FDS = Path.of("/proc/self/fd");

  private Path dir;
  private Path file;

  @BeforeEach
  void makeFile() throws IOException {
    assumeTrue(Files.isDirectory(PROC_FDS), "counts descriptors in /proc/self/fd (Linux)");
    dir = QemuProcess.newTempDir();
    file = Files.writeString(dir.resolve("passed"), "passed to the fake");
  }

  @AfterEach
  void removeDir() throws IOException {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int openDescriptors() {
    try (Stream<Path> fds = Files.list(PROC_FDS)) {
      return (int) fds.count() - 1; // the listing's own descriptor
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitDescriptors(String what, int expected) throws InterruptedException {
    Eventually.waitFor(
        what + ": " + expected + " open descriptors (now " + openDescriptors() + ")",
        WAIT,
        () -> openDescriptors() <= expected);
  }

  /** Sends a command with fresh descriptors of the test file; the test's own copies are closed. */
  private void sendWithDescriptors(WireClient client, String command, int count)
      throws IOException {
    List<FileInputStream> streams = new ArrayList<>();
    try {
      List<FileDescriptor> fds = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        FileInputStream in = new FileInputStream(file.toFile());
        streams.add(in);
        fds.add(in.getFD());
      }
      client.send(command, fds);
    } finally {
      for (FileInputStream in : streams) {
        in.close();
      }
    }
  }

  @FunctionalInterface
  private interface Scenario {
    void run(FakeQmpServer fake, TransportAddress address) throws Exception;
  }

  /** Runs the scenario on a fresh fake twice: to warm up, then to count. */
  private void twice(Scenario scenario) throws Exception {
    for (int round = 0; round < 2; round++) {
      try (FakeQmpServer fake = new FakeQmpServer()) {
        TransportAddress address = fake.start("unix:" + dir.resolve("fake" + round + ".sock"));
        scenario.run(fake, address);
      }
    }
  }

  @Test
  void requestsQueuedBehindASlowCommandCloseTheirDescriptorsWhenTheClientLeaves() throws Exception {
    twice(
        (fake, address) -> {
          fake.on("slow").replies(Reply.ok().delayed(Duration.ofMinutes(10)));
          fake.on("migrate-pause").returnsJson("{}").allowOob(true);
          int before = openDescriptors();
          try (WireClient client = WireClient.connect(address)) {
            client.handshake(); // with OOB: in-band requests queue behind the slow one
            client.send("{\"execute\":\"slow\"}");
            sendWithDescriptors(
                client, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"a\"}}", 1);
            sendWithDescriptors(client, "{\"execute\":\"add-fd\",\"arguments\":{}}", 1);
            sendWithDescriptors(client, "{\"execute\":\"query-status\"}", 2);
            // exec-oob overtakes the queue: its reply proves the fake has read everything before.
            sendWithDescriptors(client, "{\"exec-oob\":\"migrate-pause\",\"id\":\"oob\"}", 1);
            assertEquals("{\"return\":{},\"id\":\"oob\"}", client.nextReply().toString());
          }
          Eventually.waitFor("the session to end", WAIT, () -> fake.openConnections() == 0);
          awaitDescriptors("the queued requests' descriptors closed", before);
          assertTrue(fake.namedDescriptor("a").isEmpty(), "the dropped getfd named nothing");
        });
  }

  @Test
  void descriptorsNoCommandTookCloseWhenTheClientLeavesAndNamedOnesWhenTheServerCloses()
      throws Exception {
    twice(
        (fake, address) -> {
          int before = openDescriptors();
          try (WireClient client = WireClient.connect(address)) {
            client.greeting();
            sendWithDescriptors(
                client, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"early\"}}", 1);
            assertEquals("CommandNotFound", errorClass(client), "refused before negotiation");
            client.negotiate(false);
            sendWithDescriptors(client, "{\"execute\":}", 1);
            assertEquals("GenericError", errorClass(client), "refused by the parser");
            sendWithDescriptors(client, "[1]", 1);
            assertEquals("GenericError", errorClass(client), "not an object");
            sendWithDescriptors(client, "{\"execute\":\"getfd\",\"bogus\":1}", 1);
            assertEquals("GenericError", errorClass(client), "malformed");
            sendWithDescriptors(client, "{\"exec-oob\":\"getfd\"}", 1);
            assertEquals("GenericError", errorClass(client), "exec-oob without OOB");
            sendWithDescriptors(client, "{\"execute\":\"query-status\"}", 2);
            assertTrue(client.nextReply().has("return"), "a command that takes no descriptor");
            sendWithDescriptors(
                client, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"9x\"}}", 1);
            assertEquals("GenericError", errorClass(client), "getfd refusing the name");
            sendWithDescriptors(
                client, "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"kept\"}}", 2);
            assertTrue(client.nextReply().has("return"), "getfd takes the first of two");
            sendWithDescriptors(client, "{\"execute\":\"query-", 1); // half a message, then gone
          }
          Eventually.waitFor("the session to end", WAIT, () -> fake.openConnections() == 0);
          awaitDescriptors("all but the named descriptor closed", before + 1);
          assertTrue(fake.namedDescriptor("kept").orElseThrow().valid());
          assertTrue(fake.namedDescriptor("early").isEmpty());
          fake.close();
          awaitDescriptors("the named descriptor closed with the server", before);
        });
  }

  @Test
  void closingTheServerClosesTheDescriptorsOfConnectionsStillOpen() throws Exception {
    twice(
        (fake, address) -> {
          int before = openDescriptors();
          WireClient client = WireClient.connect(address);
          try {
            client.handshake();
            sendWithDescriptors(client, "{\"execute\":\"query-status\"}", 1);
            assertTrue(client.nextReply().has("return"));
            // A parse error: its descriptor waits for the next request, which never comes.
            sendWithDescriptors(client, "}", 1);
            assertEquals("GenericError", errorClass(client));
            sendWithDescriptors(client, "{\"execute\":\"add-fd\"", 1); // half a message
            fake.close();
            client.awaitClose();
          } finally {
            client.close();
          }
          awaitDescriptors("every descriptor closed with the server", before);
        });
  }

  private static String errorClass(WireClient client) throws InterruptedException {
    return client.nextReply().path("error").path("class").asString();
  }
}
