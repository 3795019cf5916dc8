package io.github.qmp4j.client;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the tree of one framed message directly from its bytes, for the JSON that QMP peers send
 * (objects, arrays, strings, integers up to 18 digits, {@code true}, {@code false}, {@code null}),
 * or gives up and returns {@code null}, and Jackson parses the message instead.
 *
 * <p>Why: Jackson sets up a parser, an I/O context, a read context and a deserialization context
 * for every message, which costs more than parsing a reply like {@code
 * {"return":{"status":"running"},"id":"1"}} does. What this parser accepts, it turns into the very
 * tree Jackson would build (the same node classes: {@code IntNode} for values that fit an {@code
 * int}, else {@code LongNode}). Everything else makes it give up without a word: malformed input,
 * fractions and exponents, longer numbers, {@code -0}, invalid or unusual UTF-8, escaped
 * surrogates, duplicate names, member names over 1000 characters and nesting over 64 levels. So
 * every error, and every limit, is still Jackson's, with Jackson's message ({@code CodecFuzzTest}
 * compares the trees of both on every input it tries). One instance per reader; not thread-safe.
 */
final class DirectTreeParser {
  private static final int MAX_NAME_LENGTH = 1000;
  private static final int MAX_DIGITS = 18;

  // What follows a member or element (afterMember).
  private static final int MORE = 0;
  private static final int CLOSED = 1;
  private static final int MALFORMED = -1;

  /** Slots for recent short strings: at most about 10 KiB per connection. */
  private static final int CACHE_SIZE = 128;

  /** A builder that grew past this for one long string is not kept for the next. */
  private static final int KEEP_BUILDER_BELOW = 4096;

  private static final int MAX_CACHED_LENGTH = 32;

  private byte[] b = new byte[0];
  private int pos;
  private int end;
  private @Nullable StringBuilder chars;
  private final @Nullable String[] recent = new String[CACHE_SIZE];

  /**
   * Parses {@code buf[from, to)}, which the framing found to start with <code>{</code> and to end
   * with the brace that closes it.
   *
   * @return the object, or null when Jackson must parse these bytes
   */
  @Nullable ObjectNode parse(byte[] buf, int from, int to) {
    b = buf;
    pos = from;
    end = to;
    if (pos >= end || b[pos] != '{') {
      return null;
    }
    pos++;
    ObjectNode root = object(1);
    if (root == null) {
      return null;
    }
    skipWhitespace();
    return pos == end ? root : null;
  }

  /** After the opening brace. */
  private @Nullable ObjectNode object(int depth) {
    if (depth > Json.DIRECT_DEPTH) {
      return null;
    }
    // Most objects in QMP messages have three members or fewer: a map sized for four, not 16.
    ObjectNode o = Json.smallObject();
    if (closesAtOnce((byte) '}')) {
      return o;
    }
    while (true) {
      if (pos >= end || b[pos] != '"') {
        return null;
      }
      pos++;
      String name = string();
      if (name == null || name.length() > MAX_NAME_LENGTH) {
        return null;
      }
      skipWhitespace();
      if (pos >= end || b[pos] != ':') {
        return null;
      }
      pos++;
      skipWhitespace();
      JsonNode value = value(depth);
      if (value == null || o.replace(name, value) != null) {
        return null; // a duplicate name: Jackson decides what it means
      }
      int next = afterMember((byte) '}');
      if (next != MORE) {
        return next == CLOSED ? o : null;
      }
    }
  }

  /** After the opening bracket. */
  private @Nullable ArrayNode array(int depth) {
    if (depth > Json.DIRECT_DEPTH) {
      return null;
    }
    ArrayNode a = Json.NODES.arrayNode();
    if (closesAtOnce((byte) ']')) {
      return a;
    }
    while (true) {
      JsonNode value = value(depth);
      if (value == null) {
        return null;
      }
      a.add(value);
      int next = afterMember((byte) ']');
      if (next != MORE) {
        return next == CLOSED ? a : null;
      }
    }
  }

  /** After an opening bracket or brace: consumes {@code close} if the container is empty. */
  private boolean closesAtOnce(byte close) {
    skipWhitespace();
    if (pos < end && b[pos] == close) {
      pos++;
      return true;
    }
    return false;
  }

  /**
   * After a member or element: a comma ({@link #MORE}, at the next one), {@code close}, or else.
   */
  private int afterMember(byte close) {
    skipWhitespace();
    if (pos >= end) {
      return MALFORMED;
    }
    byte c = b[pos++];
    if (c == close) {
      return CLOSED;
    }
    if (c != ',') {
      return MALFORMED;
    }
    skipWhitespace();
    return MORE;
  }

  /** A value in a container at {@code depth}; at its first byte. */
  private @Nullable JsonNode value(int depth) {
    if (pos >= end) {
      return null;
    }
    byte c = b[pos];
    switch (c) {
      case '"' -> {
        pos++;
        String s = string();
        return s == null ? null : Json.NODES.stringNode(s);
      }
      case '{' -> {
        pos++;
        return object(depth + 1);
      }
      case '[' -> {
        pos++;
        return array(depth + 1);
      }
      case 't' -> {
        return literal("true") ? Json.NODES.booleanNode(true) : null;
      }
      case 'f' -> {
        return literal("false") ? Json.NODES.booleanNode(false) : null;
      }
      case 'n' -> {
        return literal("null") ? Json.NODES.nullNode() : null;
      }
      default -> {
        return number();
      }
    }
  }

  private boolean literal(String word) {
    int n = word.length();
    if (end - pos < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    pos += n;
    return true; // what follows is checked by the container: "truex" finds no ',' there
  }

  /** An integer of at most 18 digits, not {@code -0}; null for anything else. */
  private @Nullable JsonNode number() {
    int i = pos;
    boolean negative = false;
    if (i < end && b[i] == '-') {
      negative = true;
      i++;
    }
    int first = i;
    long value = 0;
    while (i < end) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      value = value * 10 + d;
      i++;
    }
    int digits = i - first;
    if (digits == 0 || digits > MAX_DIGITS || (b[first] == '0' && (digits > 1 || negative))) {
      return null; // not a number, too long, a leading zero, or -0
    }
    if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
      return null;
    }
    pos = i;
    long v = negative ? -value : value;
    return v == (int) v ? Json.NODES.numberNode((int) v) : Json.NODES.numberNode(v);
  }

  /**
   * After the opening quote, up to and past the closing one; null to give up. Short plain ASCII
   * strings (member names above all, which repeat in every message) come from a small cache of the
   * strings seen last, as Jackson's own name table would give them.
   */
  private @Nullable String string() {
    int from = pos;
    int hash = 0;
    for (int i = from; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        return ascii(from, i - from, hash);
      }
      if (c == '\\' || c < 0x20) { // a negative byte is not ASCII
        return c == '\\' || c < 0 ? decodedString(from) : null;
      }
      hash = 31 * hash + c;
    }
    return null;
  }

  private String ascii(int from, int length, int hash) {
    if (length > MAX_CACHED_LENGTH) {
      return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }
    int slot = (hash ^ (hash >>> 7) ^ (hash >>> 16)) & (CACHE_SIZE - 1);
    String cached = recent[slot];
    if (cached != null && cached.length() == length) {
      int k = 0;
      while (k < length && cached.charAt(k) == b[from + k]) {
        k++;
      }
      if (k == length) {
        return cached;
      }
    }
    String s = new String(b, from, length, StandardCharsets.ISO_8859_1);
    recent[slot] = s;
    return s;
  }

  /** A string with escapes or non-ASCII bytes, from its first byte. */
  private @Nullable String decodedString(int from) {
    StringBuilder sb = chars;
    if (sb == null) {
      sb = chars = new StringBuilder(64);
    }
    sb.setLength(0);
    int i = from;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c == '"') {
        pos = i + 1;
        String s = sb.toString();
        if (sb.capacity() > KEEP_BUILDER_BELOW) {
          chars = null;
        }
        return s;
      }
      if (c < 0x20) {
        return null;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return null;
        }
        int e = b[i + 1];
        i += 2;
        switch (e) {
          case '"', '\\', '/' -> sb.append((char) e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (end - i < 4) {
              return null;
            }
            int u = 0;
            for (int k = 0; k < 4; k++) {
              int h = Character.digit(b[i + k], 16);
              if (h < 0) {
                return null;
              }
              u = (u << 4) | h;
            }
            if (Character.isSurrogate((char) u)) {
              return null;
            }
            sb.append((char) u);
            i += 4;
          }
          default -> {
            return null;
          }
        }
        continue;
      }
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int consumed = utf8(i, sb);
      if (consumed == 0) {
        return null;
      }
      i += consumed;
    }
    return null;
  }

  /**
   * Decodes one well-formed multi-byte UTF-8 sequence at {@code i} (RFC 3629: no overlong forms, no
   * surrogates, nothing past U+10FFFF); returns its length, or 0 for anything else.
   */
  private int utf8(int i, StringBuilder sb) {
    int c = b[i] & 0xff;
    if (c >= 0xc2 && c <= 0xdf) {
      if (!continuation(i + 1, 0x80, 0xbf)) {
        return 0;
      }
      sb.append((char) (((c & 0x1f) << 6) | (b[i + 1] & 0x3f)));
      return 2;
    }
    if (c >= 0xe0 && c <= 0xef) {
      int low = c == 0xe0 ? 0xa0 : 0x80;
      int high = c == 0xed ? 0x9f : 0xbf;
      if (!continuation(i + 1, low, high) || !continuation(i + 2, 0x80, 0xbf)) {
        return 0;
      }
      sb.append((char) (((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f)));
      return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
      int low = c == 0xf0 ? 0x90 : 0x80;
      int high = c == 0xf4 ? 0x8f : 0xbf;
      if (!continuation(i + 1, low, high)
          || !continuation(i + 2, 0x80, 0xbf)
          || !continuation(i + 3, 0x80, 0xbf)) {
        return 0;
      }
      sb.appendCodePoint(
          ((c & 0x07) << 18)
              | ((b[i + 1] & 0x3f) << 12)
              | ((b[i + 2] & 0x3f) << 6)
              | (b[i + 3] & 0x3f));
      return 4;
    }
    return 0;
  }

  private boolean continuation(int i, int low, int high) {
    if (i >= end) {
      return false;
    }
    int c = b[i] & 0xff;
    return c >= low && c <= high;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }
}
