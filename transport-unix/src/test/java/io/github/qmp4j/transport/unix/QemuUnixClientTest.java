package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The transport as a client of a real QEMU monitor, including descriptors for getfd and add-fd. */
class QemuUnixClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static RawQmp connect(QemuProcess qemu) throws IOException {
    return new RawQmp(
        new UnixTransportProvider()
            .connect(
                TransportAddress.parse("unix:" + qemu.qmpSocket()),
                TransportOptions.empty(),
                TIMEOUT));
  }

  private static Path fileIn(QemuProcess qemu, String content) throws IOException {
    Path file = qemu.dir().resolve("passed.txt");
    Files.writeString(file, content);
    return file;
  }

  private static String errorClass(JsonNode reply) {
    assertTrue(reply.has("error"), "expected an error, got " + reply);
    return reply.path("error").path("class").asString();
  }

  @Test
  void greetsNegotiatesAndAnswersQueryVersion() throws Exception {
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor();
        RawQmp qmp = connect(qemu)) {
      JsonNode greeting = qmp.handshake();
      JsonNode version = qmp.execute("{\"execute\":\"query-version\",\"id\":\"v1\"}");
      assertEquals("v1", version.path("id").asString());
      assertEquals(
          greeting.path("QMP").path("version").path("qemu").path("major").asInt(),
          version.path("return").path("qemu").path("major").asInt());
      assertTrue(
          version.path("return").path("qemu").path("major").asInt() >= 7, version.toString());
    }
  }

  @Test
  void getfdTakesTheDescriptorAttachedToItsOwnCommand() throws Exception {
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor();
        RawQmp qmp = connect(qemu);
        FileInputStream file = new FileInputStream(fileIn(qemu, "for qemu").toFile())) {
      qmp.handshake();
      // Without a descriptor QEMU refuses, so the descriptor is what makes the next one work.
      assertEquals(
          "GenericError",
          errorClass(qmp.execute("{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"none\"}}")));

      JsonNode got =
          qmp.execute(
              "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"f0\"}}", List.of(file.getFD()));
      assertTrue(got.path("return").isObject() && got.path("return").isEmpty(), got.toString());

      JsonNode closed = qmp.execute("{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"f0\"}}");
      assertTrue(closed.path("return").isEmpty() && closed.has("return"), closed.toString());
      assertEquals(
          "GenericError",
          errorClass(qmp.execute("{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"f0\"}}")));
      assertEquals(
          "GenericError",
          errorClass(
              qmp.execute("{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"unknown\"}}")));
    }
  }

  @Test
  void addFdPutsTheDescriptorIntoAnFdset() throws Exception {
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor();
        RawQmp qmp = connect(qemu)) {
      qmp.handshake();
      JsonNode added;
      try (FileInputStream file = new FileInputStream(fileIn(qemu, "fdset").toFile())) {
        added =
            qmp.execute(
                "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":1,\"opaque\":\"qmp4j\"}}",
                List.of(file.getFD()));
      } // our copy is closed now; QEMU holds its own
      assertEquals(1, added.path("return").path("fdset-id").asInt(), added.toString());
      int fdInQemu = added.path("return").path("fd").asInt(-1);
      assertTrue(fdInQemu >= 0, added.toString());

      JsonNode fdsets = qmp.execute("{\"execute\":\"query-fdsets\"}");
      JsonNode set = fdsets.path("return").path(0);
      assertEquals(1, set.path("fdset-id").asInt(), fdsets.toString());
      assertEquals(fdInQemu, set.path("fds").path(0).path("fd").asInt(), fdsets.toString());
      assertEquals("qmp4j", set.path("fds").path(0).path("opaque").asString(), fdsets.toString());
    }
  }

  @Test
  void anEngineSessionPassesADescriptorToQemuWithTheCommand() throws Exception {
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor();
        FileInputStream file = new FileInputStream(fileIn(qemu, "engine").toFile())) {
      // LineProtocol sends each line with a newline, which QEMU's JSON stream parser skips; QEMU
      // ends its lines with CR LF, hence strip().
      LineProtocol qmp =
          new LineProtocol(ProtocolConfig.builder().name("qemu-fd").build(), null, true);
      qmp.connect(TransportAddress.parse("unix:" + qemu.qmpSocket()), TIMEOUT);
      try {
        assertTrue(qmp.take(TIMEOUT).startsWith("{\"QMP\""));
        qmp.sendLine("{\"execute\":\"qmp_capabilities\"}");
        assertEquals("{\"return\": {}}", qmp.take(TIMEOUT).strip());
        qmp.sendLine(
            "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"e0\"}}", List.of(file.getFD()));
        assertEquals("{\"return\": {}}", qmp.take(TIMEOUT).strip());
        qmp.sendLine("{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"e0\"}}");
        assertEquals("{\"return\": {}}", qmp.take(TIMEOUT).strip());
      } finally {
        qmp.disconnect();
      }
    }
  }
}
