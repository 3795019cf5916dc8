package io.github.qmp4j.client;

import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Encodes messages as compact JSON lines into one reused buffer, written with one write.
 *
 * <p>Messages made of objects, arrays, strings, {@code int}/{@code long} numbers, booleans and
 * nulls (every command qmp4j builds, and most arguments) are written here directly, byte for byte
 * as Jackson's generator would write them: a generator and a serialization context per command cost
 * more than the command's bytes. Anything else (floating-point and big numbers, strings with
 * surrogates, POJO nodes, very deep trees) goes through Jackson, so the bytes never depend on which
 * path wrote them ({@code JsonMessageWriterTest} compares both).
 */
final class JsonMessageWriter implements MessageWriter<Message> {
  /** A buffer that grew past this for one large command is dropped rather than kept. */
  private static final int KEEP_BUFFER_BELOW = 1 << 20;

  /** How Jackson escapes each ASCII character in a string: null for "as is". */
  private static final byte[][] ESCAPES = escapes();

  private final ObjectWriter writer;
  private final OutputStream output;
  private Batch batch = new Batch();

  JsonMessageWriter(JsonMapper mapper, OutputStream output) {
    this.writer = mapper.writer();
    this.output = output;
  }

  @Override
  public void encode(Message message) throws IOException {
    int mark = batch.size();
    if (!writeValue(batch, message.node(), 0)) {
      batch.truncate(mark); // something only Jackson writes: let it write the whole message
      try {
        writer.writeValue(batch, message.node());
      } catch (JacksonException e) {
        batch.truncate(mark);
        throw new IOException(
            "Cannot encode " + message.command() + ": " + e.getOriginalMessage(), e);
      }
    }
    batch.put((byte) '\n');
  }

  @Override
  public void flush() throws IOException {
    try {
      batch.writeTo(output);
      output.flush();
    } finally {
      if (batch.capacity() > KEEP_BUFFER_BELOW) {
        batch = new Batch();
      } else {
        batch.reset();
      }
    }
  }

  /**
   * Writes a value compactly; false (with part of it written) when Jackson must write it instead.
   */
  private static boolean writeValue(Batch out, JsonNode node, int depth) {
    if (node instanceof StringNode s) {
      return writeString(out, s.stringValue());
    }
    if (node.isContainer() && depth >= Json.DIRECT_DEPTH) {
      return false;
    }
    if (node instanceof ObjectNode object) {
      out.put((byte) '{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (!first) {
          out.put((byte) ',');
        }
        first = false;
        if (!writeString(out, e.getKey())) {
          return false;
        }
        out.put((byte) ':');
        if (!writeValue(out, e.getValue(), depth + 1)) {
          return false;
        }
      }
      out.put((byte) '}');
      return true;
    }
    if (node.isArray()) {
      out.put((byte) '[');
      for (int i = 0, n = node.size(); i < n; i++) {
        if (i > 0) {
          out.put((byte) ',');
        }
        if (!writeValue(out, node.get(i), depth + 1)) {
          return false;
        }
      }
      out.put((byte) ']');
      return true;
    }
    if (node instanceof IntNode || node instanceof LongNode) {
      out.putAscii(Long.toString(node.longValue()));
      return true;
    }
    if (node instanceof BooleanNode) {
      out.putAscii(node.booleanValue() ? "true" : "false");
      return true;
    }
    if (node instanceof NullNode) {
      out.putAscii("null");
      return true;
    }
    return false;
  }

  /** Writes a quoted string in UTF-8; false for a surrogate (Jackson decides about those). */
  private static boolean writeString(Batch out, String s) {
    int n = s.length();
    out.ensure(n + 2); // enough for ASCII without escapes; grown below when not
    byte[] b = out.buffer();
    int at = out.size();
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      if (b.length - at < 7) { // room for the longest form of one char and the closing quote
        out.truncate(at);
        out.ensure(n - i + 7);
        b = out.buffer();
      }
      char c = s.charAt(i);
      if (c < 0x80) {
        byte[] escape = ESCAPES[c];
        if (escape == null) {
          b[at++] = (byte) c;
        } else {
          for (byte e : escape) {
            b[at++] = e;
          }
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        out.truncate(at);
        return false;
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[at++] = '"';
    out.truncate(at);
    return true;
  }

  /** Jackson's defaults: the short forms for five controls, {@code \\u00XX} for the others. */
  private static byte[][] escapes() {
    byte[][] table = new byte[128][];
    for (int c = 0; c < 0x20; c++) {
      table[c] = new byte[] {'\\', 'u', '0', '0', hex(c >> 4), hex(c & 0xf)};
    }
    table['\b'] = new byte[] {'\\', 'b'};
    table['\t'] = new byte[] {'\\', 't'};
    table['\n'] = new byte[] {'\\', 'n'};
    table['\f'] = new byte[] {'\\', 'f'};
    table['\r'] = new byte[] {'\\', 'r'};
    table['"'] = new byte[] {'\\', '"'};
    table['\\'] = new byte[] {'\\', '\\'};
    return table;
  }

  private static byte hex(int digit) {
    return (byte) "0123456789ABCDEF".charAt(digit);
  }

  /** A byte buffer that writes itself out without copying; not thread-safe, nor need it be. */
  static final class Batch extends ByteArrayOutputStream {
    Batch() {
      super(512);
    }

    int capacity() {
      return buf.length;
    }

    byte[] buffer() {
      return buf;
    }

    /** Makes room for {@code more} bytes past the end. */
    void ensure(int more) {
      int need = count + more;
      if (need - buf.length > 0) {
        buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
      }
    }

    void put(byte b) {
      ensure(1);
      buf[count++] = b;
    }

    void putAscii(String s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[count++] = (byte) s.charAt(i);
      }
    }

    /** Cuts the content back to {@code size} bytes (or moves the end after a direct fill). */
    void truncate(int size) {
      count = size;
    }

    @Override
    public void close() {
      // Jackson closes its target after writeValue; the buffer lives on.
    }
  }
}
