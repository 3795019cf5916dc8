package io.github.qmp4j.shell;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpClientBuilder;
import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A connected client, and the embedded fake it talks to when no address was given. Closing it
 * closes both.
 */
final class Session implements AutoCloseable {
  /** The client's default for the greeting and for negotiation; a shorter timeout caps them. */
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

  final QmpClient client;
  final String peer;
  private final @Nullable FakeQmpServer fake;

  private Session(QmpClient client, String peer, @Nullable FakeQmpServer fake) {
    this.client = client;
    this.peer = peer;
    this.fake = fake;
  }

  /**
   * Connects to the target of the options.
   *
   * @param options {@code -a} and TLS
   * @param io for {@code QMP_SOCKET} and the embedded-fake notice on stderr
   * @param connectTimeout connecting, greeting and negotiation together
   * @param commandTimeout the default timeout of each command
   * @param beforeConnect runs on the idle client (to listen for events from the first moment)
   * @return the session
   * @throws ConnectFailure when connecting, the greeting or negotiation fails or times out
   * @throws IllegalArgumentException for {@code --tls-*} options without a {@code tls:} address, or
   *     TLS files that cannot be used
   * @throws IOException when the embedded fake cannot start
   * @throws InterruptedException when interrupted
   */
  static Session open(
      ConnectionOptions options,
      Io io,
      Duration connectTimeout,
      Duration commandTimeout,
      Consumer<QmpClient> beforeConnect)
      throws IOException, InterruptedException {
    Target target = Target.resolve(options.address, io);
    TransportAddress address = target.address();
    QmpClientBuilder builder =
        QmpClient.builder()
            .name("qmp4j")
            .connectTimeout(connectTimeout)
            .greetingTimeout(min(connectTimeout, PHASE_TIMEOUT))
            .negotiationTimeout(min(connectTimeout, PHASE_TIMEOUT))
            .commandTimeout(commandTimeout);
    if (address != null && address.scheme().equals("tls")) {
      builder.transportOptions(options.tls.client());
    } else if (options.tls.given()) {
      throw new IllegalArgumentException(
          "--tls-* options need a tls:host:port address, not " + describe(target));
    }
    FakeQmpServer fake = null;
    if (address == null) {
      io.err.println(EmbeddedFake.NOTICE);
      fake = EmbeddedFake.create();
      address = fake.start();
    }
    QmpClient client = builder.build();
    try {
      beforeConnect.accept(client);
      client.connect(address.toString());
    } catch (ConnectException e) {
      close(client, fake);
      throw new ConnectFailure(address.toString(), e);
    } catch (RuntimeException | InterruptedException e) {
      close(client, fake);
      throw e;
    }
    return new Session(client, fake != null ? "the embedded fake QEMU" : address.toString(), fake);
  }

  private static void close(QmpClient client, @Nullable FakeQmpServer fake) {
    client.close();
    if (fake != null) {
      fake.close();
    }
  }

  private static String describe(Target target) {
    TransportAddress a = target.address();
    return a == null ? "the embedded fake" : a + " (from " + target.source() + ")";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    client.close();
    if (fake != null) {
      fake.close();
    }
  }
}
