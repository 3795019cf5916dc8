package io.github.qmp4j.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.memory.MemoryTransportProvider;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TransportRegistryTest {
  /** A provider whose availability and priority a test chooses. */
  static final class StubProvider extends TransportProvider {
    private final String scheme;
    private final int priority;
    private final @Nullable Throwable unavailable;

    StubProvider(String scheme, int priority, @Nullable Throwable unavailable) {
      this.scheme = scheme;
      this.priority = priority;
      this.unavailable = unavailable;
    }

    @Override
    public String scheme() {
      return scheme;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public boolean isAvailable() {
      return unavailable == null;
    }

    @Override
    public @Nullable Throwable unavailabilityCause() {
      return unavailable;
    }

    @Override
    public TransportConnection connect(TransportAddress a, TransportOptions o, Duration t)
        throws IOException {
      throw new IOException("stub");
    }

    @Override
    public TransportListener listen(TransportAddress a, TransportOptions o) throws IOException {
      throw new IOException("stub");
    }
  }

  @Test
  void defaultRegistryDiscoversTheMemoryTransport() {
    assertTrue(
        TransportRegistry.getDefault().provider("memory") instanceof MemoryTransportProvider);
  }

  @Test
  void missingKnownSchemeNamesTheArtifactToAdd() {
    TransportNotFoundException e =
        assertThrows(
            TransportNotFoundException.class, () -> new TransportRegistry().provider("unix"));
    assertEquals("unix", e.scheme());
    assertTrue(e.getMessage().contains("io.github.qmp4j:qmp-transport-unix"), e.getMessage());
  }

  @Test
  void missingUnknownSchemeExplainsThePlugin() {
    TransportNotFoundException e =
        assertThrows(
            TransportNotFoundException.class,
            () -> new TransportRegistry().provider(TransportAddress.parse("vsock:3:1234")));
    assertTrue(e.getMessage().contains("TransportProvider for 'vsock'"), e.getMessage());
  }

  @Test
  void unavailableProviderIsSkippedWithItsCause() {
    TransportRegistry registry = new TransportRegistry();
    IllegalStateException why = new IllegalStateException("no native library for this platform");
    registry.register(new StubProvider("unix", 5, why));
    TransportNotFoundException e =
        assertThrows(TransportNotFoundException.class, () -> registry.provider("unix"));
    assertSame(why, e.getCause());
    assertTrue(e.getMessage().contains("no native library"), e.getMessage());
    assertTrue(registry.providers().isEmpty());
  }

  @Test
  void highestPriorityWinsAndLaterRegistrationWinsTies() {
    TransportRegistry registry = new TransportRegistry();
    StubProvider low = new StubProvider("x", 1, null);
    StubProvider high = new StubProvider("x", 9, null);
    StubProvider tie = new StubProvider("x", 9, null);
    registry.register(low);
    registry.register(high);
    assertSame(high, registry.provider("x"));
    registry.register(tie);
    assertSame(tie, registry.provider("x"));
    registry.deregister(tie);
    registry.deregister(high);
    assertSame(low, registry.provider("X"));
  }
}
