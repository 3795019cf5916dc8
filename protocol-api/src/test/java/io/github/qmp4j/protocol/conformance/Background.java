package io.github.qmp4j.protocol.conformance;

import io.github.qmp4j.protocol.AsyncProtocol;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.memory.MemoryTransportProvider;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test plumbing: blocking work on its own thread, and sessions set up in one call. */
public final class Background {
  private static final Duration LONG = Duration.ofSeconds(10);

  private Background() {}

  /**
   * Runs blocking work on a new daemon thread; a shared pool may have a single thread on 2 cores,
   * and one blocked task there stalls every other.
   */
  public static <T> CompletableFuture<T> run(String name, Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(work.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return result;
  }

  /**
   * Starts {@code server} listening on {@code address}, connects {@code client}, waits for both.
   */
  public static void connectPair(AsyncProtocol<?> server, AsyncProtocol<?> client, String address)
      throws Exception {
    TransportAddress bound = server.startServer(address);
    CompletableFuture<Void> accepted =
        run(
            "accept",
            () -> {
              server.accept(LONG);
              return null;
            });
    client.connect(bound, LONG);
    accepted.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Connects {@code client} to a raw in-memory peer that the test drives byte by byte.
   *
   * @return the peer's end; closing it also closes its listener
   */
  public static TransportConnection connectToRawPeer(AsyncProtocol<?> client) throws Exception {
    TransportListener listener =
        new MemoryTransportProvider()
            .listen(TransportAddress.parse("memory:*"), TransportOptions.empty());
    CompletableFuture<TransportConnection> accepted = run("raw-accept", listener::accept);
    client.connect(listener.localAddress(), LONG);
    TransportConnection peer = accepted.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
    listener.close();
    return peer;
  }
}
