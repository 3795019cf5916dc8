package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.junit.FakeQmpServerExtension;
import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example: unit-testing a downstream class with the fake and the extension. */
class VmRestarterTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  static final FakeQmpServerExtension QEMU =
      FakeQmpServerExtension.builder()
          .listen("tcp:127.0.0.1:0")
          .configure(fake -> fake.strict(true).expect("query-status", "system_reset", "cont"))
          .build();

  private static VmRestarter restarterFor(TransportAddress address) {
    HostPort hp = address.hostPort();
    return new VmRestarter(hp.host(), hp.port());
  }

  @Test
  void resetsARunningVm(FakeQmpServer fake, TransportAddress address) throws Exception {
    assertFalse(restarterFor(address).restart());
    assertEquals("query-status", fake.takeCommand(WAIT).name());
    assertEquals("system_reset", fake.takeCommand(WAIT).name());
    assertEquals(2, fake.commandCount());
  }

  @Test
  void resumesAPausedVm(FakeQmpServer fake, TransportAddress address) throws Exception {
    fake.status("paused");
    assertTrue(restarterFor(address).restart());
    assertEquals("running", fake.status());
  }

  @Test
  void reportsQemusError(FakeQmpServer fake, TransportAddress address) {
    fake.on("system_reset").fails("GenericError", "Reset is not supported");
    IOException e = assertThrows(IOException.class, () -> restarterFor(address).restart());
    assertEquals("system_reset failed: Reset is not supported", e.getMessage());
  }

  @Test
  void reportsACrashOfQemu(FakeQmpServer fake, TransportAddress address) {
    fake.on("system_reset").fault(Fault.close());
    IOException e = assertThrows(IOException.class, () -> restarterFor(address).restart());
    assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
  }
}
