package io.github.qmp4j.fake;

import static io.github.qmp4j.fake.Differential.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.Differential.Mode;
import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential tests that need a QEMU of their own: the {@code pretty=on} layout (a differently
 * configured monitor) and {@code quit} (which ends QEMU).
 */
class OwnQemuDifferentialTest {
  @Test
  void prettyOutputAsQemuWritesIt() throws Exception {
    Path dir = QemuProcess.newTempDir();
    Path socket = dir.resolve("pretty.sock");
    try (QemuProcess qemu =
            QemuProcess.start(
                dir,
                List.of(
                    "-machine", "none",
                    "-chardev", "socket,id=mon0,path=" + socket + ",server=on,wait=off",
                    "-mon", "chardev=mon0,mode=control,pretty=on"));
        FakeQmpServer fake = new FakeQmpServer().pretty(true)) {
      qemu.awaitListening(socket, Duration.ofSeconds(20));
      TransportAddress qemuAddress = TransportAddress.parse("unix:" + socket);
      fake.version(Differential.versionOf(qemuAddress));
      TransportAddress fakeAddress = fake.start("unix:" + dir.resolve("fake.sock"));
      byte[] input =
          bytes(
              "{\"execute\":\"query-status\",\"id\":[1,[],{},{\"a\":[2]}]}",
              "{\"execute\":\"stop\"}{\"execute\":\"nope\"}{\"execute\":\"query-fdsets\"}",
              "{\"execute\":\"query-version\"}{\"execute\":\"cont\",\"id\":\"\\u00e9\"}",
              "{\"execute\":\"query-status\",\"id\":{}}garbage,");
      Differential.assertSame(qemuAddress, fakeAddress, Mode.NEGOTIATED, input, false);
      Differential.assertSame(
          qemuAddress, fakeAddress, Mode.GREETING, bytes("{\"execute\":\"x\"}"), false);
    }
  }

  @Test
  void quitAsQemuDoes() throws Exception {
    List<String> fromQemu;
    QemuVersion version;
    try (QemuProcess qemu = QemuProcess.startWithUnixMonitor()) {
      TransportAddress address = TransportAddress.parse("unix:" + qemu.qmpSocket());
      version = Differential.versionOf(address);
      fromQemu = quit(address);
      assertTrue(qemu.awaitExit(Duration.ofSeconds(20)), "QEMU did not exit after quit");
    }
    try (FakeQmpServer fake = new FakeQmpServer().version(version)) {
      assertEquals(fromQemu, quit(fake.start()));
    }
  }

  /** Negotiates, quits, and returns everything up to the close (timestamps blanked). */
  private static List<String> quit(TransportAddress address) throws Exception {
    List<String> seen = new ArrayList<>();
    try (WireClient client = WireClient.connect(address)) {
      client.handshake();
      client.send("{\"execute\":\"quit\",\"id\":9}");
      try {
        while (true) {
          seen.add(client.nextRaw().replaceAll("\\d{4,}", "N"));
        }
      } catch (WireClient.PeerClosedException e) {
        seen.add("<closed>" + e.leftover);
      }
    }
    return seen;
  }
}
