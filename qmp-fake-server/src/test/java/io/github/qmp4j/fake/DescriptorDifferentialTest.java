package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Descriptor passing over a Unix socket, the same way to QEMU and to the fake ({@code getfd},
 * {@code closefd}, {@code add-fd}, {@code remove-fd}, {@code query-fdsets}), plus what the fake
 * records: the descriptors that came with each command, usable by the test.
 */
class DescriptorDifferentialTest {
  private Path dir;
  private final List<FileInputStream> files = new ArrayList<>();

  @BeforeEach
  void makeFiles() throws Exception {
    dir = QemuProcess.newTempDir();
  }

  @AfterEach
  void closeFiles() throws Exception {
    for (FileInputStream f : files) {
      f.close();
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private FileDescriptor openFile(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("f" + files.size()), content);
    FileInputStream in = new FileInputStream(file.toFile());
    files.add(in);
    return in.getFD();
  }

  /** One command, optionally with descriptors attached to its bytes. */
  private record Step(String command, int descriptors) {}

  private List<String> run(TransportAddress address, List<Step> steps) throws Exception {
    List<String> seen = new ArrayList<>();
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      int n = 0;
      for (Step step : steps) {
        String id = "s" + n++;
        String command = step.command().replace("}$", ",\"id\":\"" + id + "\"}");
        List<FileDescriptor> fds = new ArrayList<>();
        for (int i = 0; i < step.descriptors(); i++) {
          fds.add(openFile("file " + i));
        }
        if (fds.isEmpty()) {
          client.send(command);
        } else {
          client.send(command, fds);
        }
        for (String m : client.rawUntilId(id)) {
          seen.add(m.replaceAll("(\"fd\": )\\d+", "$1N"));
        }
      }
    }
    return seen;
  }

  private static Step step(String command, int descriptors) {
    return new Step("{\"execute\":\"" + command + "}$", descriptors);
  }

  @Test
  void descriptorCommandsAnswerAsQemuDoes() throws Exception {
    List<Step> steps =
        List.of(
            step("getfd\",\"arguments\":{\"fdname\":\"a\"}", 1),
            step("getfd\",\"arguments\":{\"fdname\":\"a\"}", 1),
            step("getfd\",\"arguments\":{\"fdname\":\"2x\"}", 1),
            step("getfd\",\"arguments\":{\"fdname\":\"two\"}", 2),
            step("closefd\",\"arguments\":{\"fdname\":\"a\"}", 0),
            step("closefd\",\"arguments\":{\"fdname\":\"a\"}", 0),
            step("closefd\",\"arguments\":{\"fdname\":\"two\"}", 0),
            step("add-fd\",\"arguments\":{\"fdset-id\":3,\"opaque\":\"rw:/x\"}", 1),
            step("add-fd\",\"arguments\":{\"fdset-id\":3}", 1),
            step("add-fd\",\"arguments\":{}", 1),
            step("add-fd\",\"arguments\":{\"fdset-id\":-2}", 1),
            step("query-fdsets\"", 0),
            step("remove-fd\",\"arguments\":{\"fdset-id\":0}", 0),
            step("remove-fd\",\"arguments\":{\"fdset-id\":0}", 0),
            step("remove-fd\",\"arguments\":{\"fdset-id\":3,\"fd\":99999}", 0),
            step("query-fdsets\"", 0),
            step("remove-fd\",\"arguments\":{\"fdset-id\":3}", 0),
            step("query-fdsets\"", 0));
    List<String> fromQemu;
    QemuVersion version;
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor()) {
      TransportAddress address = TransportAddress.parse("unix:" + qemu.qmpSocket());
      version = Differential.versionOf(address);
      fromQemu = run(address, steps);
    }
    try (FakeQmpServer fake = new FakeQmpServer().version(version)) {
      assertEquals(
          String.join("", fromQemu),
          String.join("", run(fake.start("unix:" + dir.resolve("fake.sock")), steps)));
    }
  }

  @Test
  void theFakeRecordsAndKeepsTheDescriptorsItReceived() throws Exception {
    try (FakeQmpServer fake = new FakeQmpServer()) {
      TransportAddress address = fake.start("unix:" + dir.resolve("fake.sock"));
      try (WireClient client = WireClient.connect(address)) {
        client.handshake();
        client.send(
            "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"log\"}}",
            List.of(openFile("hello from the client")));
        assertEquals("{\"return\":{}}", client.nextReply().toString());
        ReceivedCommand getfd = fake.takeCommand(Duration.ofSeconds(10));
        assertEquals("getfd", getfd.name());
        assertEquals(1, getfd.descriptors().size());
        FileDescriptor named = fake.namedDescriptor("log").orElseThrow();
        // The fake holds its own descriptor for the client's open file: read through it.
        try (FileInputStream in = new FileInputStream(named)) {
          assertEquals(
              "hello from the client", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        client.send(
            "{\"execute\":\"query-status\",\"id\":1}", List.of(openFile("a"), openFile("b")));
        client.nextReply();
        assertEquals(2, fake.takeCommand(Duration.ofSeconds(10)).descriptors().size());
      }
    }
  }

  @Test
  void closeClosesEveryDescriptorReceived() throws Exception {
    FileDescriptor held;
    try (FakeQmpServer fake = new FakeQmpServer()) {
      TransportAddress address = fake.start("unix:" + dir.resolve("fake.sock"));
      Path pipeLike = dir.resolve("out");
      try (WireClient client = WireClient.connect(address);
          FileOutputStream out = new FileOutputStream(pipeLike.toFile())) {
        client.handshake();
        client.send(
            "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":1}}", List.of(out.getFD()));
        assertTrue(client.nextReply().has("return"));
        held = fake.takeCommand(Duration.ofSeconds(10)).descriptors().get(0);
        assertTrue(held.valid());
      }
    }
    assertFalse(held.valid(), "the fake closes what it received when it closes");
  }
}
