package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.InvalidAddressException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider's availability, address handling and connect errors. */
class UnixTransportProviderTest {
  private final UnixTransportProvider provider = new UnixTransportProvider();
  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  @Test
  void isAvailableWhereJunixsocketsNativeLibraryLoads() {
    assertEquals("unix", provider.scheme());
    assertTrue(provider.isAvailable());
    assertNull(provider.unavailabilityCause());
  }

  @Test
  void aMissingSocketIsAConnectExceptionNamingThePath() throws IOException {
    Path missing = dirs.newDir().resolve("gone.sock");
    ConnectException e =
        assertThrows(
            ConnectException.class,
            () ->
                provider.connect(
                    TransportAddress.parse("unix:" + missing),
                    TransportOptions.empty(),
                    Duration.ofSeconds(5)));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("No such file"), e.getMessage());
  }

  @Test
  void parsesPathsHomePathsAndAbstractNames() {
    UnixSocketTarget path = UnixSocketTarget.parse(TransportAddress.parse("unix:/run/q.sock"));
    assertEquals(Path.of("/run/q.sock"), path.path());
    assertNull(path.abstractName());

    UnixSocketTarget home = UnixSocketTarget.parse(TransportAddress.parse("~/q.sock"));
    assertEquals(Path.of(System.getProperty("user.home"), "q.sock"), home.path());

    UnixSocketTarget named = UnixSocketTarget.parse(TransportAddress.parse("unix:@qmp"));
    assertEquals("qmp", named.abstractName());
    assertNull(named.path());
  }

  @Test
  void rejectsAddressesThatCannotBeSocketAddresses() {
    assertThrows(
        InvalidAddressException.class,
        () -> UnixSocketTarget.parse(TransportAddress.parse("unix:@")));
    assertThrows(
        InvalidAddressException.class,
        () -> UnixSocketTarget.parse(TransportAddress.parse("unix:~bob/q.sock")));
    String longName = "unix:@" + "a".repeat(UnixSocketTarget.MAX_PATH_BYTES + 1);
    assertThrows(
        InvalidAddressException.class,
        () -> UnixSocketTarget.parse(TransportAddress.parse(longName)));
    String longest = "unix:/" + "a".repeat(UnixSocketTarget.MAX_PATH_BYTES - 1);
    assertEquals(
        UnixSocketTarget.MAX_PATH_BYTES,
        UnixSocketTarget.parse(TransportAddress.parse(longest)).requirePath().toString().length());
  }
}
