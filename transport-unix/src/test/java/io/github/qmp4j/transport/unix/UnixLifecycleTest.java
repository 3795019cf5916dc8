package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** protocol.py's testBadUNIX for connect and accept: a bad path is a ConnectException. */
class UnixLifecycleTest {
  private static final List<Runstate> BAD =
      List.of(Runstate.CONNECTING, Runstate.DISCONNECTING, Runstate.IDLE);

  private final LineProtocol proto =
      new LineProtocol(ProtocolConfig.builder().name("unix-lifecycle").build(), null, false);
  private final List<Runstate> seen = new ArrayList<>();

  UnixLifecycleTest() {
    proto.addRunstateListener((from, to) -> seen.add(to));
  }

  @Test
  void connectingToDevNullIsAConnectException() {
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () -> proto.connect(TransportAddress.parse("/dev/null"), Duration.ofSeconds(5)));
    assertEquals("Failed to establish connection", e.phase());
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals(BAD, seen);
    assertEquals(Runstate.IDLE, proto.runstate());
  }

  @Test
  void listeningOnDevNullIsAConnectException() {
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () ->
                proto.startServerAndAccept(
                    TransportAddress.parse("/dev/null"), Duration.ofSeconds(5)));
    assertInstanceOf(IOException.class, e.getCause());
    assertEquals(BAD, seen);
  }
}
