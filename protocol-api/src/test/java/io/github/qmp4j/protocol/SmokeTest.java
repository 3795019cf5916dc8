package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.qmp4j.protocol.conformance.LineProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counterparts of qemu.qmp's protocol.py Smoke and State tests. */
class SmokeTest {
  private static LineProtocol unnamed() {
    return new LineProtocol(ProtocolConfig.defaults(), null, false);
  }

  @Test
  void toStringShowsClassAndRunstate() {
    assertEquals("<LineProtocol runstate=IDLE>", unnamed().toString());
  }

  @Test
  void defaultRunstateIsIdle() {
    assertEquals(Runstate.IDLE, unnamed().runstate());
  }

  @Test
  void defaultNameIsNone() {
    assertNull(unnamed().name());
  }

  @Test
  void defaultLoggerIsThePackageLogger() {
    assertEquals("io.github.qmp4j.protocol", unnamed().logger().getName());
  }

  @Test
  void nameAppearsInLoggerAndToString() {
    LineProtocol steve = new LineProtocol("Steve");
    assertEquals("Steve", steve.name());
    assertEquals("io.github.qmp4j.protocol.Steve", steve.logger().getName());
    assertEquals("<LineProtocol name='Steve' runstate=IDLE>", steve.toString());
  }

  @Test
  void superfluousDisconnectPassesThroughDisconnecting() throws Exception {
    LineProtocol p = unnamed();
    RunstateRecorder recorder = new RunstateRecorder();
    p.addRunstateListener(recorder);
    p.disconnect();
    assertEquals(List.of(Runstate.DISCONNECTING, Runstate.IDLE), recorder.seen());
    p.disconnect();
    assertEquals(Runstate.IDLE, p.runstate());
  }
}
