package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw QMP peer for tests, independent of any QMP client: writes bytes, and cuts what comes back
 * into messages by brace depth (so it copes with pretty output and unterminated garbage), keeping
 * each message's exact bytes. Talks to real QEMU and to the fake alike, over any transport.
 */
final class WireClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] EOF = new byte[0];

  /** The peer closed the connection; {@link #leftover} holds bytes of an unfinished message. */
  static final class PeerClosedException extends AssertionError {
    private static final long serialVersionUID = 1L;
    final String leftover;

    PeerClosedException(String leftover) {
      super("The peer closed the connection" + (leftover.isEmpty() ? "" : " after: " + leftover));
      this.leftover = leftover;
    }
  }

  private final TransportConnection connection;
  private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private boolean ended;

  WireClient(TransportConnection connection) throws IOException {
    this.connection = connection;
    InputStream in = connection.input();
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[65536];
              try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  chunks.add(Arrays.copyOf(buffer, n));
                }
              } catch (IOException e) {
                // closed: the end marker below tells the test
              } finally {
                chunks.add(EOF);
              }
            },
            "wire-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static WireClient connect(TransportAddress address) throws IOException, InterruptedException {
    return connect(address, TransportOptions.empty());
  }

  static WireClient connect(TransportAddress address, TransportOptions options)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        TransportConnection c =
            TransportRegistry.getDefault().provider(address).connect(address, options, TIMEOUT);
        return new WireClient(c);
      } catch (java.net.ConnectException e) {
        // QEMU creates its socket file a moment before it listens on it.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  static WireClient connect(String address) throws IOException, InterruptedException {
    return connect(TransportAddress.parse(address));
  }

  TransportConnection connection() {
    return connection;
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) throws IOException {
    connection.output().write(bytes);
    connection.output().flush();
  }

  /** Sends a command with descriptors attached to its own bytes (one write), as libvirt does. */
  void send(String text, List<FileDescriptor> descriptors) throws IOException {
    FileDescriptorPassing passing =
        connection
            .capability(FileDescriptorPassing.class)
            .orElseThrow(() -> new AssertionError("no descriptor passing on " + connection));
    passing.attachToNextWrite(descriptors);
    send(text);
  }

  /** Returns the exact text of the next message, with its line end. */
  String nextRaw() throws InterruptedException {
    return nextRaw(TIMEOUT);
  }

  String nextRaw(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String message = cut();
      if (message != null) {
        return message;
      }
      if (ended) {
        String leftover = new String(buffer, start, length - start, StandardCharsets.ISO_8859_1);
        throw new PeerClosedException(leftover.strip());
      }
      byte[] chunk = chunks.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (chunk == null) {
        throw new AssertionError(
            "No message within "
                + timeout
                + "; pending: "
                + new String(
                    buffer, start, Math.min(length - start, 500), StandardCharsets.ISO_8859_1));
      }
      if (chunk == EOF) {
        ended = true;
      } else {
        append(chunk);
      }
    }
  }

  // The splitter scans each byte once: messages can be tens of MiB.
  private byte[] buffer = new byte[65536];
  private int length;
  private int start;
  private int scan;
  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean garbage;
  private int valueEnd = -1;

  private void append(byte[] chunk) {
    if (length + chunk.length > buffer.length) {
      int live = length - start;
      byte[] bigger = new byte[Math.max(buffer.length, 2 * (live + chunk.length))];
      System.arraycopy(buffer, start, bigger, 0, live);
      scan -= start;
      valueEnd = valueEnd < 0 ? -1 : valueEnd - start;
      length = live;
      start = 0;
      buffer = bigger;
    }
    System.arraycopy(chunk, 0, buffer, length, chunk.length);
    length += chunk.length;
  }

  /** Cuts one message off: a balanced {} or [] value with its CR LF, or a line of garbage. */
  private String cut() {
    if (depth == 0 && !garbage && valueEnd < 0) {
      while (scan < length
          && (buffer[scan] == ' ' || buffer[scan] == '\r' || buffer[scan] == '\n')) {
        scan++;
      }
      start = scan;
      if (scan == length) {
        return null;
      }
      garbage = buffer[scan] != '{' && buffer[scan] != '[';
    }
    if (valueEnd < 0) {
      for (; scan < length; scan++) {
        byte c = buffer[scan];
        if (garbage) {
          if (c == '\n') {
            garbage = false;
            return take(scan + 1);
          }
        } else if (inString) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            inString = false;
          }
        } else if (c == '"') {
          inString = true;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
          valueEnd = scan + 1;
          scan++;
          break;
        }
      }
      if (valueEnd < 0) {
        return null;
      }
    }
    // Every QMP message ends with CR LF; wait for it unless the peer has gone.
    int end = valueEnd;
    if (end < length && buffer[end] == '\r') {
      end++;
    }
    if (end < length && buffer[end] == '\n') {
      end++;
    } else if (!ended) {
      return null;
    }
    valueEnd = -1;
    return take(end);
  }

  private String take(int end) {
    String message = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
    start = end;
    scan = end;
    return message;
  }

  JsonNode next() throws InterruptedException {
    return JSON.readTree(nextRaw());
  }

  /** Reads the greeting. */
  JsonNode greeting() throws InterruptedException {
    JsonNode greeting = next();
    assertTrue(greeting.has("QMP"), "not a greeting: " + greeting);
    return greeting;
  }

  /** Reads the greeting and negotiates (enabling OOB when offered); returns the greeting. */
  JsonNode handshake() throws IOException, InterruptedException {
    JsonNode greeting = greeting();
    negotiate(greeting.get("QMP").get("capabilities").toString().contains("oob"));
    return greeting;
  }

  /** Negotiates, after the greeting was read. */
  void negotiate(boolean oob) throws IOException, InterruptedException {
    JsonNode reply =
        execute(
            oob
                ? "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}"
                : "{\"execute\":\"qmp_capabilities\"}");
    assertEquals("{}", String.valueOf(reply.get("return")), "negotiation failed: " + reply);
  }

  /** Sends a command and returns its reply, skipping events. */
  JsonNode execute(String command) throws IOException, InterruptedException {
    send(command);
    return nextReply();
  }

  /** Returns the next message that is not an event. */
  JsonNode nextReply() throws InterruptedException {
    while (true) {
      JsonNode message = next();
      if (!message.has("event")) {
        return message;
      }
    }
  }

  /** Returns the raw messages up to and including the reply whose id is the given string. */
  List<String> rawUntilId(String id) throws InterruptedException {
    return rawUntilId(id, TIMEOUT);
  }

  /** Like {@link #rawUntilId(String)}, waiting up to {@code timeout} for each message. */
  List<String> rawUntilId(String id, Duration timeout) throws InterruptedException {
    List<String> messages = new ArrayList<>();
    String marker = "\"id\": \"" + id + "\"";
    while (true) {
      String message = nextRaw(timeout);
      messages.add(message);
      if (message.contains(marker)) {
        return messages;
      }
    }
  }

  /** Waits for the peer to close the connection, returning any bytes of an unfinished message. */
  String awaitClose() throws InterruptedException {
    try {
      String message = nextRaw();
      throw new AssertionError("Expected the connection to close, got: " + message);
    } catch (PeerClosedException e) {
      return e.leftover;
    }
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
