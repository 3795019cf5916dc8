package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.codec.FramingException;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageReader;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import io.github.qmp4j.protocol.codec.MessageTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bytes in, messages out, and back: the QMP codec without sockets. */
class CodecTest {
  private final QmpCodec codec = new QmpCodec();

  private MessageReader<Message> reader(String text) {
    return codec.newReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private List<Message> readAll(String text) throws IOException {
    MessageReader<Message> r = reader(text);
    List<Message> all = new ArrayList<>();
    for (Message m; (m = r.read()) != null; ) {
      all.add(m);
    }
    return all;
  }

  @Test
  void readsMessagesIndependentOfNewlines() throws IOException {
    List<Message> all =
        readAll(
            String.join(
                "",
                "{\"return\": {}, \"id\": \"1\"}\r\n{\"event\":\"STOP\"}{\"return\":1}  \n\n",
                "{\r\n    \"return\": {\r\n        \"status\": \"paused\"\r\n    },\r\n",
                "    \"id\": \"2\"\r\n}\r\n"));
    assertEquals(4, all.size());
    assertEquals(Message.Kind.RETURN, all.get(0).kind());
    assertEquals("STOP", all.get(1).eventName());
    assertEquals(1, all.get(2).returnValue().asInt());
    assertEquals("paused", all.get(3).returnValue().get("status").asString());
    assertEquals("\"2\"", all.get(3).id().toString());
  }

  @Test
  void returnsNullAtEndOfStreamBetweenMessages() throws IOException {
    assertNull(reader("").read());
    assertNull(reader("  \r\n").read());
  }

  @Test
  void theEndOfStreamInsideAMessageIsAnEofException() {
    assertThrows(EOFException.class, () -> reader("{\"return\": {\"a\": ").read());
  }

  @Test
  void garbageIsAFramingException() {
    FramingException e =
        assertThrows(FramingException.class, () -> reader("not json at all\n").read());
    assertTrue(e.getMessage().contains("Malformed JSON"), e.getMessage());
  }

  @Test
  void aValueThatIsNotAnObjectIsAFramingException() {
    FramingException e = assertThrows(FramingException.class, () -> reader("[1, 2]\n").read());
    assertTrue(e.getMessage().contains("an array"), e.getMessage());
    assertThrows(FramingException.class, () -> reader("\"text\"\n").read());
  }

  @Test
  void nestingDeeperThanQemusLimitIsRefused() throws IOException {
    String ok = "{\"a\":".repeat(1023) + "1" + "}".repeat(1023);
    assertEquals(1, readAll(ok).size());
    String deep = "{\"a\":".repeat(1100) + "1" + "}".repeat(1100);
    assertThrows(FramingException.class, () -> reader(deep).read());
  }

  @Test
  void aMessageUpToTheLimitIsReadAndOneByteMoreIsNot() throws IOException {
    QmpCodec small = new QmpCodec(4096);
    String prefix = "{\"return\":\"";
    String suffix = "\"}";
    String exact = prefix + "x".repeat(4096 - prefix.length() - suffix.length()) + suffix;
    assertEquals(4096, exact.length());
    MessageReader<Message> r =
        small.newReader(
            new ByteArrayInputStream((exact + "\n" + exact).getBytes(StandardCharsets.UTF_8)));
    assertEquals(exact, r.read().toString());
    assertEquals(exact, r.read().toString());
    String over = prefix + "x".repeat(4097 - prefix.length() - suffix.length()) + suffix;
    MessageReader<Message> r2 =
        small.newReader(new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8)));
    assertThrows(MessageTooLargeException.class, r2::read);
  }

  @Test
  void anEndlessMessageFailsWithoutReadingMuchMoreThanTheLimit() {
    int limit = 64 * 1024;
    CountingEndlessInput endless = new CountingEndlessInput();
    MessageReader<Message> r = new QmpCodec(limit).newReader(endless);
    MessageTooLargeException e = assertThrows(MessageTooLargeException.class, r::read);
    assertEquals(limit, e.limit());
    assertTrue(endless.served < limit + 128 * 1024, "read " + endless.served + " bytes");
  }

  @Test
  void aLongStreamOfSmallMessagesNeverTripsTheLimit() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      b.append("{\"return\": {}, \"id\": \"").append(i).append("\"}\r\n");
    }
    assertTrue(b.length() > 2 * 4096 * 10);
    MessageReader<Message> r =
        new QmpCodec(4096)
            .newReader(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
    int n = 0;
    while (r.read() != null) {
      n++;
    }
    assertEquals(3000, n);
  }

  @Test
  void writesCompactJsonLinesWithOneWritePerFlush() throws IOException {
    CountingOutput out = new CountingOutput();
    MessageWriter<Message> w = codec.newWriter(out);
    w.encode(Message.command("query-status", null).withId("1"));
    w.encode(Message.command("device_del", Map.of("id", "ä")).withId("2"));
    w.flush();
    assertEquals(1, out.writes);
    assertEquals(
        """
        {"execute":"query-status","id":"1"}
        {"execute":"device_del","arguments":{"id":"ä"},"id":"2"}
        """,
        out.toString(StandardCharsets.UTF_8));
    w.flush();
    assertEquals(2, out.writes, "an empty flush writes nothing new");
  }

  @Test
  void whatIsWrittenReadsBackEqual() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessageWriter<Message> w = codec.newWriter(out);
    Message m = Message.oobCommand("x", Map.of("list", List.of(1, 2), "s", "a\nb")).withId("7");
    w.encode(m);
    w.flush();
    Message back = codec.newReader(new ByteArrayInputStream(out.toByteArray())).read();
    assertEquals(m, back);
    assertTrue(back.isOob());
  }

  @Test
  void aNulByteIsRefusedWhereverItIs() {
    // Never valid JSON; inside a message it would also make Jackson guess UTF-16 for the message.
    for (String text : List.of("{\u0000}", "{\"a\":\"b\u0000\"}", "\r\u0000", "{}\n\u0000")) {
      FramingException e =
          assertThrows(
              FramingException.class, () -> readAll(text), () -> text.replace("\0", "\\0"));
      assertTrue(e.getMessage().contains("unexpected byte 0x00"), e.getMessage());
    }
  }

  @Test
  void whichLimitAMessageBreaksFirstDoesNotDependOnHowItIsRead() throws IOException {
    // Too large before it nests too deep: the size is checked byte by byte, so one big read and
    // many small ones see the same first fault.
    String text = "{\"a\": \"" + "x".repeat(2000) + "\", \"b\": " + "[".repeat(1100) + "}";
    QmpCodec small = new QmpCodec(1024);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    MessageReader<Message> whole = small.newReader(new ByteArrayInputStream(bytes));
    assertThrows(MessageTooLargeException.class, whole::read);
    InputStream trickle =
        new InputStream() {
          int next;

          @Override
          public int read() {
            return next < bytes.length ? bytes[next++] : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            int c = read();
            if (c < 0) {
              return -1;
            }
            b[off] = (byte) c;
            return 1;
          }
        };
    assertThrows(MessageTooLargeException.class, small.newReader(trickle)::read);
  }

  @Test
  void theBufferNeverGrowsPastTheLimit() {
    int limit = 32 * 1024;
    JsonMessageReader r =
        (JsonMessageReader) new QmpCodec(limit).newReader(new CountingEndlessInput());
    assertThrows(MessageTooLargeException.class, r::read);
    assertTrue(r.bufferCapacity() <= limit + 1, "buffer " + r.bufferCapacity());
  }

  /** Serves the start of a JSON string that never ends, counting the bytes served. */
  private static final class CountingEndlessInput extends InputStream {
    long served;

    @Override
    public int read() {
      byte[] one = new byte[1];
      read(one, 0, 1);
      return one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        long pos = served + i;
        b[off + i] = (byte) (pos < 12 ? "{\"return\":\"x".charAt((int) pos) : 'x');
      }
      served += len;
      return len;
    }
  }

  /** Counts write calls. */
  private static final class CountingOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;

    @Override
    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    String toString(java.nio.charset.Charset cs) {
      return bytes.toString(cs);
    }
  }

  @Test
  void aReadTimeoutMidMessageResumesWithoutLoss() throws IOException {
    byte[] bytes =
        "{\"return\": {\"status\": \"run}\"}}\n{\"event\": \"STOP\"}"
            .getBytes(StandardCharsets.UTF_8);
    // The input times out after every 5 bytes, as a socket with SO_TIMEOUT would.
    java.io.InputStream stuttering =
        new java.io.InputStream() {
          int next;
          boolean timeOutNow;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (next == bytes.length) {
              return -1;
            }
            timeOutNow = !timeOutNow;
            if (timeOutNow) {
              throw new java.net.SocketTimeoutException("Read timed out");
            }
            int n = Math.min(Math.min(len, 5), bytes.length - next);
            System.arraycopy(bytes, next, b, off, n);
            next += n;
            return n;
          }
        };
    var reader = new QmpCodec().newReader(stuttering);
    assertTrue(reader.resumesAfterTimeout());
    List<Message> got = new java.util.ArrayList<>();
    int timeouts = 0;
    while (got.size() < 2) {
      try {
        got.add(reader.read());
      } catch (java.net.SocketTimeoutException e) {
        timeouts++;
      }
    }
    assertTrue(timeouts > 5, "timeouts: " + timeouts);
    assertEquals("run}", got.get(0).returnValue().get("status").asString());
    assertEquals("STOP", got.get(1).eventName());
    assertNull(reader.read());
  }
}
