package io.github.qmp4j.client;

import io.github.qmp4j.protocol.codec.FramingException;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageReader;
import io.github.qmp4j.protocol.codec.MessageTooLargeException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON object per call. A small state machine finds where each top-level object ends
 * (tracking strings, escapes and bracket depth, as QEMU's json-streamer does), then {@link
 * DirectTreeParser} or, for what it leaves alone, Jackson parses exactly those bytes.
 *
 * <p>Why not one long-lived streaming parser: all scanning state lives in fields here, so a read
 * that fails with {@link java.net.SocketTimeoutException} resumes losslessly on the next call. That
 * lets a caller waiting for a reply read the socket itself with its own timeout (see {@code
 * AsyncProtocol.awaitCompletion}). It also bounds memory exactly: a message is refused as soon as
 * it outgrows the limit, and nothing past the limit is buffered.
 */
final class JsonMessageReader implements MessageReader<Message> {
  static final int INITIAL_BUFFER = 8 * 1024;

  private final JsonMapper mapper;
  private final InputStream in;
  private final int maxMessageSize;
  private final DirectTreeParser direct = new DirectTreeParser();

  private byte[] buf = new byte[INITIAL_BUFFER];
  private int start; // first byte of the message being scanned (or of unscanned input)
  private int pos; // next byte to scan
  private int end; // end of buffered input
  private boolean inMessage;
  private boolean inString;
  private boolean escaped;
  private int depth;

  JsonMessageReader(JsonMapper mapper, InputStream in, int maxMessageSize) {
    this.mapper = mapper;
    this.in = in;
    this.maxMessageSize = maxMessageSize;
  }

  /** Returns the size of the read buffer: at most the larger of 8 KiB and the limit plus one. */
  int bufferCapacity() {
    return buf.length;
  }

  @Override
  public boolean resumesAfterTimeout() {
    return true;
  }

  @Override
  public @Nullable Message read() throws IOException {
    while (true) {
      int complete = scan();
      if (complete >= 0) {
        return parse(start, complete);
      }
      if (!fill()) {
        if (inMessage) {
          throw new EOFException("The stream ended inside a message");
        }
        return null;
      }
    }
  }

  /**
   * Scans buffered bytes; returns the end offset of a complete object, or -1 for "need more".
   *
   * <p>Every byte is still judged in order, so which error a stream gets never depends on how it
   * was split into reads (a message too large that also nests too deep, say): the size limit is
   * hoisted into the loop bound ({@code limit}), and string contents are skipped by a tight loop
   * that stops only at a quote, a backslash or a NUL. The state lives in locals and is stored back
   * before every return and throw.
   */
  private int scan() throws IOException {
    byte[] b = buf;
    int i = pos;
    boolean inString = this.inString;
    boolean escaped = this.escaped;
    int depth = this.depth;
    try {
      while (i < end) {
        if (!inMessage) {
          byte c = b[i];
          if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            start = ++i;
            continue;
          }
          if (c != '{') {
            throw notAnObject(c);
          }
          inMessage = true;
          start = i++;
          depth = 1;
          continue;
        }
        // Bytes at or past start + maxMessageSize are too many; stop there if we get that far.
        long bound = (long) start + maxMessageSize;
        int limit = bound < end ? (int) bound : end;
        while (i < limit) {
          byte c = b[i];
          if (inString) {
            if (escaped) {
              if (c == 0) {
                throw unexpectedByte(c);
              }
              escaped = false;
              i++;
              continue;
            }
            // The hot loop: most bytes of a message are inside strings.
            while (c != '"' && c != '\\' && c != 0) {
              if (++i == limit) {
                break;
              }
              c = b[i];
            }
            if (i == limit) {
              break;
            }
            if (c == 0) {
              throw unexpectedByte(c);
            }
            if (c == '\\') {
              escaped = true;
            } else {
              inString = false;
            }
            i++;
            continue;
          }
          if (c == '"') {
            inString = true;
          } else if (c == '{' || c == '[') {
            if (++depth > Json.MAX_NESTING_DEPTH) {
              throw new FramingException(
                  "The peer's message nests deeper than " + Json.MAX_NESTING_DEPTH, null);
            }
          } else if (c == '}' || c == ']') {
            if (--depth == 0) {
              inMessage = false;
              pos = i + 1;
              return pos;
            }
          } else if (c == 0) {
            // Never valid in JSON text, and it would make Jackson guess UTF-16 or UTF-32 for the
            // message (QMP is UTF-8 only), parsing something other than what was framed here.
            throw unexpectedByte(c);
          }
          i++;
        }
        if (i < end) {
          throw new MessageTooLargeException(maxMessageSize, null);
        }
      }
      pos = end;
      return -1;
    } finally {
      this.inString = inString;
      this.escaped = escaped;
      this.depth = depth;
    }
  }

  /** Reads more input, keeping the unfinished message; false at end of stream. */
  private boolean fill() throws IOException {
    if (!inMessage) {
      start = pos; // whatever was scanned is whitespace: drop it
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      pos -= start;
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      // Never buffer more than the limit plus one byte: that byte proves the message too large.
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxMessageSize + 1L));
    }
    ReadDeadline.check(); // a blocked caller stops here once its time is up, even mid-message
    int n = in.read(buf, end, buf.length - end); // a timeout here leaves every field consistent
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }

  private Message parse(int from, int to) throws IOException {
    start = to;
    ObjectNode simple = direct.parse(buf, from, to);
    if (simple != null) {
      return Message.adopt(simple);
    }
    try {
      JsonNode tree = mapper.readTree(buf, from, to - from);
      if (!(tree instanceof ObjectNode object)) {
        throw new FramingException("Expected a JSON object from the peer", null);
      }
      return Message.adopt(object);
    } catch (StreamConstraintsException e) {
      throw new FramingException("The peer's message breaks a limit: " + e.getOriginalMessage(), e);
    } catch (JacksonException e) {
      throw new FramingException("Malformed JSON from the peer: " + e.getOriginalMessage(), e);
    }
  }

  private static FramingException notAnObject(byte c) {
    String found =
        switch (c) {
          case '[' -> "an array";
          case '"' -> "a string";
          case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
          default -> null;
        };
    if (found != null) {
      return new FramingException("Expected a JSON object from the peer, found " + found, null);
    }
    return unexpectedByte(c);
  }

  private static FramingException unexpectedByte(byte c) {
    return new FramingException(
        String.format("Malformed JSON from the peer: unexpected byte 0x%02x", c & 0xff), null);
  }
}
