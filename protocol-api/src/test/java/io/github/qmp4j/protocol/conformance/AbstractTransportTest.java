package io.github.qmp4j.protocol.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every transport passes: subclass it, say how to make addresses and options,
 * and every test here runs against that transport. Byte-level tests use the provider directly; the
 * session tests run the engine over it.
 */
public abstract class AbstractTransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Returns the provider under test. */
  protected abstract TransportProvider provider();

  /** Returns a fresh address to listen on (port 0 is fine). */
  protected abstract TransportAddress listenAddress() throws IOException;

  /** Returns an address where nobody listens. */
  protected abstract TransportAddress refusedAddress() throws IOException;

  /** Returns address strings that must parse to this transport's scheme. */
  protected abstract List<String> addressExamples();

  /** Returns the options for both ends (trust material, ...); empty by default. */
  protected TransportOptions options() {
    return TransportOptions.empty();
  }

  /** Returns the registry the engine tests use; the default one unless overridden. */
  protected TransportRegistry registry() {
    return TransportRegistry.getDefault();
  }

  @AfterEach
  void noThreadsLeft() throws InterruptedException {
    Eventually.noEngineThreads();
  }

  /** A connected pair: the client end and the accepted server end. */
  protected record Pair(TransportConnection client, TransportConnection server)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      client.close();
      server.close();
    }
  }

  /** Listens, connects and accepts. */
  protected Pair connectedPair() throws Exception {
    try (TransportListener listener = provider().listen(listenAddress(), options())) {
      CompletableFuture<TransportConnection> accepted = acceptAsync(listener);
      TransportConnection client = provider().connect(listener.localAddress(), options(), TIMEOUT);
      return new Pair(client, accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private static CompletableFuture<TransportConnection> acceptAsync(TransportListener listener) {
    CompletableFuture<TransportConnection> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.complete(listener.accept());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            },
            "conformance-accept");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] buf = in.readNBytes(n);
    assertEquals(n, buf.length, "stream ended early");
    return buf;
  }

  @Test
  void providerIsDiscoveredByScheme() {
    TransportProvider found = TransportRegistry.getDefault().provider(provider().scheme());
    assertEquals(provider().getClass(), found.getClass());
    assertTrue(found.isAvailable());
  }

  @Test
  void addressesParseToThisScheme() {
    for (String example : addressExamples()) {
      assertEquals(provider().scheme(), TransportAddress.parse(example).scheme(), example);
    }
  }

  @Test
  void connectAcceptAndEchoBothWays() throws Exception {
    try (Pair pair = connectedPair()) {
      pair.client().output().write("ping\n".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(
          "ping\n".getBytes(StandardCharsets.UTF_8), readFully(pair.server().input(), 5));
      pair.server().output().write("pong\n".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(
          "pong\n".getBytes(StandardCharsets.UTF_8), readFully(pair.client().input(), 5));
    }
  }

  @Test
  void carriesSeveralMebibytesEachWayAtOnce() throws Exception {
    byte[] payload = new byte[6 << 20];
    new Random(42).nextBytes(payload);
    try (Pair pair = connectedPair()) {
      CompletableFuture<byte[]> atServer = readAsync(pair.server().input(), payload.length);
      CompletableFuture<byte[]> atClient = readAsync(pair.client().input(), payload.length);
      writeAsync(pair.client().output(), payload);
      writeAsync(pair.server().output(), payload);
      assertArrayEquals(payload, atServer.get(30, TimeUnit.SECONDS));
      assertArrayEquals(payload, atClient.get(30, TimeUnit.SECONDS));
    }
  }

  private static <T> CompletableFuture<T> onOwnThread(Callable<T> io) {
    return Background.run("conformance-io", io);
  }

  private static CompletableFuture<byte[]> readAsync(InputStream in, int n) {
    return onOwnThread(() -> readFully(in, n));
  }

  private static void writeAsync(OutputStream out, byte[] data) {
    onOwnThread(
        () -> {
          out.write(data);
          out.flush();
          return null;
        });
  }

  @Test
  void peerCloseMidMessageEndsTheStream() throws Exception {
    try (Pair pair = connectedPair()) {
      pair.server().output().write("{\"half".getBytes(StandardCharsets.UTF_8));
      pair.server().output().flush();
      pair.server().close();
      byte[] got = pair.client().input().readAllBytes();
      assertArrayEquals("{\"half".getBytes(StandardCharsets.UTF_8), got);
    }
  }

  @Test
  void closingUnblocksARead() throws Exception {
    try (Pair pair = connectedPair()) {
      CompletableFuture<Integer> read =
          onOwnThread(
              () -> {
                try {
                  return pair.client().input().read();
                } catch (IOException e) {
                  return -2;
                }
              });
      assertThrows(TimeoutException.class, () -> read.get(50, TimeUnit.MILLISECONDS));
      pair.client().close();
      int result = read.get(10, TimeUnit.SECONDS);
      assertTrue(result < 0, "a closed connection reads nothing, got " + result);
    }
  }

  @Test
  void closingUnblocksAnAccept() throws Exception {
    TransportListener listener = provider().listen(listenAddress(), options());
    CompletableFuture<TransportConnection> accepted = acceptAsync(listener);
    listener.close();
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> accepted.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, e.getCause());
  }

  @Test
  void refusedConnectionFailsFast() throws Exception {
    TransportAddress refused = refusedAddress();
    assertThrows(IOException.class, () -> provider().connect(refused, options(), TIMEOUT));
  }

  private LineProtocol protocol(String name) {
    return new LineProtocol(
        ProtocolConfig.builder()
            .name(name)
            .transports(registry())
            .transportOptions(options())
            .build(),
        null,
        false);
  }

  @Test
  void carriesAnEngineSessionAndDisconnectsCleanly() throws Exception {
    LineProtocol server = protocol("conformance-server");
    LineProtocol client = protocol("conformance-client");
    TransportAddress address = server.startServer(listenAddress());
    CompletableFuture<Void> accepted =
        onOwnThread(
            () -> {
              server.accept(TIMEOUT);
              return null;
            });
    client.connect(address, TIMEOUT);
    accepted.get(10, TimeUnit.SECONDS);
    client.sendLine("echo hello over " + provider().scheme());
    assertEquals("hello over " + provider().scheme(), client.take(TIMEOUT));
    client.disconnect();
    assertEquals(Runstate.IDLE, client.runstate());
    server.awaitRunstate(Runstate.DISCONNECTING, TIMEOUT);
    assertThrows(io.github.qmp4j.protocol.SessionException.class, server::disconnect);
    assertEquals(Runstate.IDLE, server.runstate());
  }

  @Test
  void acceptTimesOutBackToIdle() throws Exception {
    LineProtocol server = protocol("conformance-timeout");
    server.startServer(listenAddress());
    ConnectException e =
        assertThrows(ConnectException.class, () -> server.accept(Duration.ofMillis(100)));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(Runstate.IDLE, server.runstate());
  }

  @Test
  void refusedEngineConnectIsAConnectException() throws Exception {
    LineProtocol client = protocol("conformance-refused");
    ConnectException e =
        assertThrows(ConnectException.class, () -> client.connect(refusedAddress(), TIMEOUT));
    assertTrue(e.getMessage().startsWith("Failed to establish connection"), e.getMessage());
    assertEquals(Runstate.IDLE, client.runstate());
  }
}
