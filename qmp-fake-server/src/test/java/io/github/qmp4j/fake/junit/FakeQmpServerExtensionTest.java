package io.github.qmp4j.fake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension: a fresh started server per test, injected, closed after, strict mode enforced. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeQmpServerExtensionTest {
  @RegisterExtension
  static final FakeQmpServerExtension FAKE =
      FakeQmpServerExtension.builder()
          .listen("tcp:127.0.0.1:0")
          .configure(fake -> fake.on("hello").returns("world"))
          .build();

  private static FakeQmpServer previous;

  private static String greetingOf(TransportAddress address) throws Exception {
    try (var c =
        TransportRegistry.getDefault()
            .provider(address)
            .connect(address, TransportOptions.empty(), Duration.ofSeconds(5))) {
      InputStream in = c.input();
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n' && b >= 0; ) {
        line.append((char) b);
      }
      return line.toString();
    }
  }

  @Test
  @Order(1)
  void injectsTheStartedServerAndItsAddress(FakeQmpServer server, TransportAddress address)
      throws Exception {
    assertSame(FAKE.server(), server);
    assertEquals(server.address(), address);
    assertEquals("tcp", address.scheme());
    assertTrue(greetingOf(address).startsWith("{\"QMP\""));
    assertTrue(server.on("hello").calls() == 0, "configured before the test");
    previous = server;
  }

  @Test
  @Order(2)
  void eachTestGetsAFreshServerAndTheLastWasClosed(FakeQmpServer server) {
    assertNotSame(previous, server);
    TransportAddress old = previous.address();
    assertThrows(
        IOException.class,
        () ->
            TransportRegistry.getDefault()
                .provider(old)
                .connect(old, TransportOptions.empty(), Duration.ofSeconds(5)));
  }

  /** Run by the launcher below, not by the build: it sends a command no script expects. */
  static class StrictExample {
    @RegisterExtension
    final FakeQmpServerExtension fake =
        FakeQmpServerExtension.builder().configure(f -> f.strict(true)).build();

    @Test
    void sendsAnUnexpectedCommand(TransportAddress address) throws Exception {
      try (var c =
          TransportRegistry.getDefault()
              .provider(address)
              .connect(address, TransportOptions.empty(), Duration.ofSeconds(5))) {
        c.output()
            .write(
                "{\"execute\":\"qmp_capabilities\"}{\"execute\":\"surprise\",\"id\":\"s\"}"
                    .getBytes(StandardCharsets.UTF_8));
        InputStream in = c.input();
        String seen = "";
        while (!seen.contains("\"s\"")) {
          int b = in.read();
          if (b < 0) {
            break;
          }
          seen += (char) b;
        }
      }
    }
  }

  @Test
  @Order(3)
  void strictModeFailsTheTestThatSentAnUnexpectedCommand() {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(StrictExample.class))
            .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    assertEquals(1, summary.getTestsFailedCount());
    Throwable failure = summary.getFailures().get(0).getException();
    assertTrue(failure.getMessage().contains("surprise"), failure.getMessage());
  }

  @Test
  @Order(4)
  void theServerExistsOnlyInsideTests() {
    FakeQmpServerExtension unused = FakeQmpServerExtension.builder().build();
    assertThrows(IllegalStateException.class, unused::server);
  }
}
