package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmp4j.protocol.transport.InvalidAddressException;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which address the tool uses: -a, then QMP_SOCKET, then the embedded fake. */
class TargetTest {
  private static Io env(Map<String, String> env) {
    return Io.of(new ByteArrayInputStream(new byte[0]), System.out, System.err, env);
  }

  @Test
  void theOptionWinsOverTheEnvironment() {
    Target t = Target.resolve("tcp:127.0.0.1:4444", env(Map.of("QMP_SOCKET", "/run/a.sock")));
    assertEquals("tcp:127.0.0.1:4444", String.valueOf(t.address()));
    assertEquals("-a", t.source());
  }

  @Test
  void qmpSocketIsUsedWithoutTheOption() {
    Target t = Target.resolve(null, env(Map.of("QMP_SOCKET", "/run/a.sock")));
    assertEquals("unix:/run/a.sock", String.valueOf(t.address()));
    assertEquals("QMP_SOCKET", t.source());
  }

  @Test
  void withNeitherItIsTheEmbeddedFake() {
    Target t = Target.resolve(null, env(Map.of("QMP_SOCKET", " ")));
    assertNull(t.address());
    assertEquals("embedded fake", t.source());
  }

  @Test
  void addressesInQemuAndQmpShellSyntax() {
    assertEquals("unix:/tmp/q.sock", Target.parse("unix:/tmp/q.sock").toString());
    assertEquals("unix:/tmp/q.sock", Target.parse("/tmp/q.sock").toString());
    assertEquals("unix:qmp.sock", Target.parse("qmp.sock").toString());
    assertEquals("unix:./qmp.sock", Target.parse("./qmp.sock").toString());
    assertEquals("tcp:localhost:4444", Target.parse("localhost:4444").toString());
    assertEquals("tcp:127.0.0.1:4444", Target.parse("tcp:127.0.0.1:4444").toString());
    assertEquals("tls:vm1.example:4444", Target.parse("tls:vm1.example:4444").toString());
    assertThrows(InvalidAddressException.class, () -> Target.parse(""));
  }

  @Test
  void ioIgnoresBlankVariables() {
    Io io =
        Io.of(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(System.out),
            System.err,
            Map.of("A", "", "B", "x"));
    assertNull(io.env("A"));
    assertEquals("x", io.env("B"));
    assertNull(io.env("C"));
  }
}
