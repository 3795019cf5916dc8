package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qmp4j.protocol.codec.MessageCodec;
import io.github.qmp4j.protocol.conformance.Background;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineCodec;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@link AsyncProtocol#batchesReaderWrites}, what handlers send on the background reader while
 * it dispatches the messages of one read goes out in one write, and nothing is held once the reader
 * needs the connection again, even with half a message already buffered.
 */
class ReaderWriteBatchingTest {
  private static final Duration LONG = Duration.ofSeconds(10);

  /** Answers every line "x" with "re:x" from its handler; counts the writer's flushes. */
  static final class Answering extends AsyncProtocol<String> {
    final AtomicInteger writes;
    private final boolean batches;

    Answering(boolean batches, AtomicInteger writes) {
      super(countingWrites(writes), ProtocolConfig.builder().name("answering").build());
      this.batches = batches;
      this.writes = writes;
    }

    @Override
    protected boolean batchesReaderWrites() {
      return batches;
    }

    final CompletableFuture<String> released = new CompletableFuture<>();

    @Override
    protected void onMessage(String message) throws Exception {
      send("re:" + message);
      if (message.equals("wait")) {
        // A handler that waits on the reader thread, for longer than the peer waits for "re:wait".
        awaitCompletion(released, LONG.multipliedBy(3));
      }
    }
  }

  private static MessageCodec<String> countingWrites(AtomicInteger writes) {
    LineCodec lines = new LineCodec();
    return new MessageCodec<>() {
      @Override
      public int maxMessageSize() {
        return lines.maxMessageSize();
      }

      @Override
      public MessageReader<String> newReader(InputStream input) {
        return lines.newReader(input);
      }

      @Override
      public MessageWriter<String> newWriter(OutputStream output) {
        MessageWriter<String> w = lines.newWriter(output);
        return new MessageWriter<>() {
          @Override
          public void encode(String message) throws IOException {
            w.encode(message);
          }

          @Override
          public void flush() throws IOException {
            writes.incrementAndGet();
            w.flush();
          }
        };
      }
    };
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    Eventually.noEngineThreads();
  }

  private TransportConnection peerOf(Answering client) throws Exception {
    toClose.add(client);
    TransportConnection peer = Background.connectToRawPeer(client);
    toClose.add(0, peer);
    return peer;
  }

  private static void write(TransportConnection peer, String text) throws IOException {
    peer.output().write(text.getBytes(StandardCharsets.UTF_8)); // one write: one read's worth
    peer.output().flush();
  }

  private static List<String> readLines(BufferedReader in, int n) throws Exception {
    return Background.run(
            "peer-read",
            () -> {
              List<String> lines = new ArrayList<>();
              while (lines.size() < n) {
                lines.add(in.readLine());
              }
              return lines;
            })
        .get(LONG.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static BufferedReader reader(TransportConnection peer) throws IOException {
    return new BufferedReader(new InputStreamReader(peer.input(), StandardCharsets.UTF_8));
  }

  @Test
  void whatHandlersSendForOneReadGoesOutInOneWrite() throws Exception {
    Answering client = new Answering(true, new AtomicInteger());
    TransportConnection peer = peerOf(client);
    BufferedReader in = reader(peer);

    write(peer, "a\nb\nc\n");
    assertEquals(List.of("re:a", "re:b", "re:c"), readLines(in, 3));
    assertEquals(1, client.writes.get(), "three answers, one write");
  }

  @Test
  void withoutBatchingEveryAnswerIsItsOwnWrite() throws Exception {
    Answering client = new Answering(false, new AtomicInteger());
    TransportConnection peer = peerOf(client);
    BufferedReader in = reader(peer);

    write(peer, "a\nb\nc\n");
    assertEquals(List.of("re:a", "re:b", "re:c"), readLines(in, 3));
    assertEquals(3, client.writes.get());
  }

  @Test
  void nothingWaitsWhileTheReaderWaitsForTheRestOfAMessage() throws Exception {
    Answering client = new Answering(true, new AtomicInteger());
    TransportConnection peer = peerOf(client);
    BufferedReader in = reader(peer);

    write(peer, "a\nhalf"); // the reader has "half" buffered and must read on for its end
    assertEquals(List.of("re:a"), readLines(in, 1), "sent before the reader blocked");
    write(peer, "-done\n");
    assertEquals(List.of("re:half-done"), readLines(in, 1));
    assertEquals(2, client.writes.get());
  }

  @Test
  void whatAHandlerSentGoesOutBeforeItWaitsOnTheReaderThread() throws Exception {
    Answering client = new Answering(true, new AtomicInteger());
    TransportConnection peer = peerOf(client);
    BufferedReader in = reader(peer);

    write(peer, "wait\n");
    try {
      assertEquals(List.of("re:wait"), readLines(in, 1), "sent before the handler waited");
    } finally {
      client.released.complete("go");
    }
    write(peer, "next\n");
    assertEquals(List.of("re:next"), readLines(in, 1));
  }
}
