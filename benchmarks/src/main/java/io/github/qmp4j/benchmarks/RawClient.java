package io.github.qmp4j.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The baseline: the least a QMP client can do. It writes exactly the bytes qmp4j writes (compact
 * JSON, string ids counting up from 1, a newline) and reads one reply line, relying on the peers
 * here ending every message with a newline. No JSON parsing, no id routing, no threads.
 */
final class RawClient implements AutoCloseable {
  private final Wire wire;
  private byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;
  private int lineStart;
  private int lineEnd;
  private long ids;

  RawClient(Wire wire) {
    this.wire = wire;
  }

  /** Reads the greeting and negotiates, as a client must before any command, as qmp4j does. */
  RawClient negotiate() throws IOException {
    nextLine();
    // As qmp4j does by default: enable oob when offered (QEMU then queues in-band commands
    // differently, so the baseline must negotiate the same session).
    String request =
        lineContains("\"oob\"")
            ? "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]}}\n"
            : "{\"execute\":\"qmp_capabilities\"}\n";
    send(request.getBytes(StandardCharsets.US_ASCII));
    do {
      nextLine();
    } while (!lineContains("\"return\""));
    return this;
  }

  /** The request bytes qmp4j sends for a command without arguments, with the next id. */
  byte[] command(String name) {
    return commandBytes(name, ++ids);
  }

  static byte[] commandBytes(String name, long id) {
    return ("{\"execute\":\"" + name + "\",\"id\":\"" + id + "\"}\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The request bytes for a command with arguments given as compact JSON. */
  byte[] command(String name, String argumentsJson) {
    return ("{\"execute\":\""
            + name
            + "\",\"arguments\":"
            + argumentsJson
            + ",\"id\":\""
            + ++ids
            + "\"}\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private final byte[] scratch = new byte[256];

  /**
   * One round trip of a command without arguments, with the next id, written into a reused buffer:
   * the same bytes as qmp4j's, without an allocation per call.
   */
  int roundTripNext(String name) throws IOException {
    int n = 0;
    n = put(n, "{\"execute\":\"");
    n = put(n, name);
    n = put(n, "\",\"id\":\"");
    long id = ++ids;
    int digits = 1;
    for (long t = id; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = digits - 1; i >= 0; i--) {
      scratch[n + i] = (byte) ('0' + id % 10);
      id /= 10;
    }
    n += digits;
    n = put(n, "\"}\n");
    wire.write(scratch, 0, n);
    nextLine();
    return lineEnd - lineStart;
  }

  private int put(int at, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      scratch[at + i] = (byte) ascii.charAt(i);
    }
    return at + ascii.length();
  }

  void send(byte[] request) throws IOException {
    wire.write(request, 0, request.length);
  }

  /** One round trip: write the command, read one line. Returns the reply's length. */
  int roundTrip(byte[] request) throws IOException {
    send(request);
    nextLine();
    return lineEnd - lineStart;
  }

  /**
   * Keeps {@code window} commands in flight until {@code total} were answered: for every reply, a
   * new command goes out, in a write of its own or (batching) together with those for the other
   * replies that arrived in the same read. Replies come in order from these peers.
   */
  void pipelined(String name, int total, int window, boolean batchWrites, Latencies latencies)
      throws IOException {
    long[] sentAt = new long[window];
    byte[] batch = new byte[0];
    int issued = 0;
    int answered = 0;
    int batchLen = 0;
    for (int i = 0; i < Math.min(window, total); i++) {
      byte[] c = command(name);
      batch = append(batch, batchLen, c);
      batchLen += c.length;
      sentAt[issued++ % window] = System.nanoTime();
    }
    wire.write(batch, 0, batchLen);
    while (answered < total) {
      batchLen = 0;
      fill();
      int nl;
      while ((nl = indexOfNewline(start)) >= 0) {
        start = nl + 1;
        long now = System.nanoTime();
        latencies.record(now - sentAt[answered++ % window]);
        if (issued < total) {
          byte[] c = command(name);
          if (batchWrites) {
            batch = append(batch, batchLen, c);
            batchLen += c.length;
          } else {
            wire.write(c, 0, c.length);
          }
          sentAt[issued++ % window] = now;
        }
      }
      if (batchLen > 0) {
        wire.write(batch, 0, batchLen);
      }
    }
  }

  private static byte[] append(byte[] batch, int len, byte[] more) {
    byte[] b = batch.length >= len + more.length ? batch : Arrays.copyOf(batch, 2 * (len + 64));
    System.arraycopy(more, 0, b, len, more.length);
    return b;
  }

  /**
   * Sends a command that makes the peer emit events before its reply; reads until the reply.
   *
   * @return the number of events, or -1 - index when an event came out of order
   */
  long events(byte[] request) throws IOException {
    send(request);
    long seen = 0;
    while (true) {
      nextLine();
      long seq = seqOfLine();
      if (seq < 0) {
        return seen;
      }
      if (seq != seen) {
        return -1 - seen;
      }
      seen++;
    }
  }

  /** The number after {@code "seq": } on the current line, or -1 when there is none. */
  private long seqOfLine() {
    byte[] key = "\"seq\": ".getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = lineStart; i + key.length < lineEnd; i++) {
      for (int k = 0; k < key.length; k++) {
        if (buf[i + k] != key[k]) {
          continue outer;
        }
      }
      long v = 0;
      for (int j = i + key.length; j < lineEnd && buf[j] >= '0' && buf[j] <= '9'; j++) {
        v = v * 10 + (buf[j] - '0');
      }
      return v;
    }
    return -1;
  }

  boolean lineContains(String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = lineStart; i + t.length <= lineEnd; i++) {
      for (int k = 0; k < t.length; k++) {
        if (buf[i + k] != t[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Makes the next line current; reads as needed. */
  void nextLine() throws IOException {
    int scanFrom = start;
    while (true) {
      int nl = indexOfNewline(scanFrom);
      if (nl >= 0) {
        lineStart = start;
        lineEnd = nl + 1;
        start = lineEnd;
        return;
      }
      scanFrom = end - start; // after fill() compacts, the unscanned bytes begin here
      fill();
      scanFrom += start;
    }
  }

  private int indexOfNewline(int from) {
    byte[] b = buf;
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Compacts, grows when full, and reads at least one byte. */
  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = wire.read(buf, end, buf.length - end);
    if (n < 0) {
      throw new EOFException("the peer closed the connection");
    }
    end += n;
  }

  @Override
  public void close() throws IOException {
    wire.close();
  }
}
