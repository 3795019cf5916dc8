package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.qmp4j.protocol.codec.FramingException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes the QMP framing ({@link QmpCodec}'s reader) with arbitrary bytes. Seeds are real QEMU 7.2
 * output (greeting, replies, errors, events, {@code pretty=on}) plus every input that ever found a
 * bug, in {@code src/test/resources/io/github/qmp4j/client/CodecFuzzTestInputs/}. {@code mvn
 * verify} replays them; {@code JAZZER_FUZZ=1} fuzzes for real.
 *
 * <p>Invariants, for every input:
 *
 * <ul>
 *   <li>the reader returns messages and then {@code null}, or throws {@link FramingException}
 *       (including {@link io.github.qmp4j.protocol.codec.MessageTooLargeException}) or {@link
 *       EOFException}; never another exception, never more messages than the input can hold;
 *   <li>memory is bounded: the read buffer never grows past the larger of 8 KiB and the limit;
 *   <li>every message accessor copes with whatever object was read (only a malformed greeting is
 *       refused, with {@link GreetingException});
 *   <li>reads are resumable: the same bytes served in small pieces, with a {@link
 *       SocketTimeoutException} before every other piece, give exactly the same messages and the
 *       same error (what lets a blocked caller read its own reply with a timeout);
 *   <li>it agrees with Jackson: when Jackson reads the whole input as a sequence of JSON values,
 *       the reader returns the same objects, and stops with {@link FramingException} at the first
 *       value that is not an object.
 * </ul>
 */
class CodecFuzzTest {
  private static final int LIMIT = 1024;

  /** One codec for all inputs: building Jackson mappers per input would dominate the run. */
  private static final QmpCodec CODEC = new QmpCodec(LIMIT);

  private static final ObjectReader REFERENCE = Json.mapper(LIMIT).readerFor(JsonNode.class);

  /** A bound that a loop over one input can only exceed by a bug. */
  private static final int TIMEOUT_BUDGET_PER_BYTE = 4;

  @FuzzTest(maxDuration = "3h", maxExecutions = 1_000_000)
  void framingIsTypedBoundedAndResumable(byte[] input) {
    Outcome whole = readAll(new ByteArrayInputStream(input), input.length);
    Outcome pieces = readAll(new Stuttering(input), input.length);
    assertEquals(whole, pieces, "serving the bytes in pieces with timeouts changed the result");
    List<JsonNode> reference = jacksonValues(input);
    if (reference != null) {
      assertAgreesWithJackson(whole, reference);
    }
  }

  /** What reading one input gave: the messages, then null or an error (type and text). */
  record Outcome(List<Message> messages, String end) {}

  private static Outcome readAll(InputStream in, int length) {
    JsonMessageReader reader = (JsonMessageReader) CODEC.newReader(in);
    List<Message> messages = new ArrayList<>();
    int timeouts = 0;
    while (true) {
      try {
        Message m = reader.read();
        if (m == null) {
          return new Outcome(messages, "end of stream");
        }
        messages.add(m);
        assertTrue(messages.size() <= length / 2, "more messages than the input can hold");
        useEveryAccessor(m);
      } catch (SocketTimeoutException e) {
        timeouts++;
        // the next read resumes where this one stopped
        assertTrue(timeouts <= TIMEOUT_BUDGET_PER_BYTE * (length + 1), "a read loops on timeouts");
      } catch (FramingException | EOFException e) {
        return new Outcome(messages, e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("untyped failure: " + e, e);
      } finally {
        int bound = Math.max(JsonMessageReader.INITIAL_BUFFER, LIMIT + 1);
        assertTrue(reader.bufferCapacity() <= bound, "buffer " + reader.bufferCapacity());
      }
    }
  }

  /**
   * Reads a message the way the client and its users do. Each accessor must cope with any object:
   * only a malformed greeting may throw, and only {@link GreetingException}.
   */
  private static void useEveryAccessor(Message m) {
    m.kind();
    m.command();
    m.isOob();
    m.id();
    m.returnValue();
    m.errorClass();
    m.errorDesc();
    m.timestamp();
    Redactor.redact(m);
    if (m.eventName() != null) {
      QmpEvent e = QmpEvent.of(m);
      e.data();
      e.timestamp();
    }
    if (m.has("QMP")) {
      try {
        Greeting.parse(m).capabilities();
      } catch (GreetingException expected) {
        // a typed refusal, naming what is wrong
      }
    }
  }

  /**
   * Jackson's reading of the whole input as a stream of root values, or null when Jackson refuses
   * it, when it is longer than the limit (the reader then may refuse it as too large, and Jackson
   * knows no limit), or when Jackson would guess another encoding than UTF-8 from its first bytes
   * (a byte-order mark, or a NUL among the first four; QMP is UTF-8 only).
   */
  private static List<JsonNode> jacksonValues(byte[] input) {
    if (input.length > LIMIT || mayLookLikeAnotherEncoding(input)) {
      return null;
    }
    List<JsonNode> values = new ArrayList<>();
    // A plain parser, value by value: readValues() would unwrap a root array into its elements.
    try (JsonParser parser = REFERENCE.createParser(input)) {
      while (parser.nextToken() != null) {
        values.add(REFERENCE.readTree(parser));
      }
      return values;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static boolean mayLookLikeAnotherEncoding(byte[] input) {
    if (input.length > 0 && (input[0] & 0xff) >= 0xef) {
      return true; // EF BB BF, FE FF, FF FE: byte-order marks
    }
    for (int i = 0; i < Math.min(4, input.length); i++) {
      if (input[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static void assertAgreesWithJackson(Outcome ours, List<JsonNode> reference) {
    List<ObjectNode> objects = new ArrayList<>();
    boolean nonObject = false;
    for (JsonNode v : reference) {
      if (!(v instanceof ObjectNode o)) {
        nonObject = true;
        break;
      }
      objects.add(o);
    }
    List<ObjectNode> read = ours.messages().stream().map(Message::node).toList();
    assertEquals(objects, read, "the objects Jackson reads");
    if (nonObject) {
      assertTrue(ours.end().startsWith("FramingException"), "at a non-object: " + ours.end());
    } else {
      assertEquals("end of stream", ours.end());
    }
  }

  /** Serves the bytes in pieces of 1 to 7 bytes, with a read timeout before every other piece. */
  private static final class Stuttering extends InputStream {
    private final byte[] bytes;
    private int next;
    private int reads;

    Stuttering(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the reader reads in blocks");
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (next == bytes.length) {
        return -1;
      }
      reads++;
      if (reads % 2 == 0) {
        throw new SocketTimeoutException("Read timed out");
      }
      int piece = Math.min(Math.min(len, 1 + reads % 7), bytes.length - next);
      System.arraycopy(bytes, next, b, off, piece);
      next += piece;
      return piece;
    }
  }
}
