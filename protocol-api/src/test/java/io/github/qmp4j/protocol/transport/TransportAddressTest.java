package io.github.qmp4j.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportAddressTest {
  @ParameterizedTest
  @CsvSource({
    "unix:/run/qmp.sock, unix, /run/qmp.sock",
    "unix:@abstract, unix, @abstract",
    "/run/qmp.sock, unix, /run/qmp.sock",
    "./qmp.sock, unix, ./qmp.sock",
    "tcp:localhost:4444, tcp, localhost:4444",
    "localhost:4444, tcp, localhost:4444",
    "127.0.0.1:4444, tcp, 127.0.0.1:4444",
    "'[::1]:4444', tcp, '[::1]:4444'",
    "tls:qemu.example:5555, tls, qemu.example:5555",
    "memory:vm1, memory, vm1",
    "TCP:host:1, tcp, host:1",
    "vsock:3:1234, vsock, 3:1234",
  })
  void parsesQemuSyntax(String text, String scheme, String target) {
    TransportAddress address = TransportAddress.parse(text);
    assertEquals(scheme, address.scheme());
    assertEquals(target, address.target());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "justaword", "tcp:", "1x:foo"})
  void rejectsMalformedAddresses(String text) {
    InvalidAddressException e =
        assertThrows(InvalidAddressException.class, () -> TransportAddress.parse(text));
    assertTrue(e.getMessage().startsWith("Invalid address"), e.getMessage());
  }

  @Test
  void splitsHostAndPort() {
    assertEquals(
        new HostPort("localhost", 4444), TransportAddress.parse("tcp:localhost:4444").hostPort());
    assertEquals(new HostPort("::1", 4444), TransportAddress.parse("tcp:[::1]:4444").hostPort());
    assertEquals("[::1]:4444", new HostPort("::1", 4444).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp:host", "tcp:host:port", "tcp:host:99999", "tcp::1:2", "tcp:[::1]"})
  void rejectsBadHostPort(String text) {
    TransportAddress address = TransportAddress.parse(text);
    InvalidAddressException e = assertThrows(InvalidAddressException.class, address::hostPort);
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void printsBackInQemuSyntax() {
    assertEquals("unix:/run/qmp.sock", TransportAddress.parse("/run/qmp.sock").toString());
    assertEquals("tcp:localhost:4444", TransportAddress.parse("localhost:4444").toString());
  }
}
