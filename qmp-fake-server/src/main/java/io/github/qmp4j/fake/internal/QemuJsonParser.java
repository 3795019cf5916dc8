package io.github.qmp4j.fake.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * QEMU 7.2's recursive-descent JSON parser ({@code qobject/json-parser.c}) over the tokens of one
 * message, producing Jackson nodes. Error texts are QEMU's, and as in QEMU the first error wins.
 * Numbers become what QEMU's {@code QNum} would hold: a {@code long}, else an unsigned 64-bit
 * {@code BigInteger}, else a {@code double} (which may be infinite, as {@code strtod} makes it).
 */
final class QemuJsonParser {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Token> tokens;
  private int next;

  private QemuJsonParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses the tokens of one message.
   *
   * @param tokens at least one token
   * @return the value
   * @throws JsonSyntaxError with QEMU's text, e.g. "JSON parse error, expecting value"
   */
  static JsonNode parse(List<Token> tokens) throws JsonSyntaxError {
    return new QemuJsonParser(tokens).value();
  }

  private static JsonSyntaxError error(String what) {
    return new JsonSyntaxError("JSON parse error, " + what);
  }

  private @Nullable Token peek() {
    return next < tokens.size() ? tokens.get(next) : null;
  }

  private Token pop() throws JsonSyntaxError {
    Token t = peek();
    if (t == null) {
      throw error("premature EOI");
    }
    next++;
    return t;
  }

  /**
   * An object or array being built, waiting for its next member or element. QEMU's parser recurses;
   * this one keeps its own stack, so that the 1024 levels QEMU allows cannot overflow the thread's
   * stack (a recursive descent needs two or three frames a level, close to the limit of a 1 MiB
   * stack before the JIT has compiled it).
   */
  private static final class Open {
    final JsonNode node;

    /** In an object: whether the next value completed is a key (else a member's value). */
    boolean awaitingKey;

    @Nullable String key;

    Open(JsonNode node, boolean awaitingKey) {
      this.node = node;
      this.awaitingKey = awaitingKey;
    }
  }

  /**
   * QEMU's {@code parse_value()} and what it calls ({@code parse_object}, {@code parse_pair},
   * {@code parse_array}), with the same checks in the same order, so the first error is QEMU's.
   */
  private JsonNode value() throws JsonSyntaxError {
    java.util.ArrayDeque<Open> open = new java.util.ArrayDeque<>();
    while (true) {
      // Parse one value; a container that is not empty is opened and parsed member by member.
      Token t = peek();
      if (t == null) {
        throw error("premature EOI");
      }
      JsonNode done;
      switch (t.type()) {
        case LCURLY, LSQUARE -> {
          pop();
          boolean object = t.type() == TokenType.LCURLY;
          Token peeked = peek();
          if (peeked == null) {
            throw error("premature EOI");
          }
          if (peeked.type() == (object ? TokenType.RCURLY : TokenType.RSQUARE)) {
            pop();
            done = object ? NODES.objectNode() : NODES.arrayNode();
          } else {
            open.push(
                object ? new Open(NODES.objectNode(), true) : new Open(NODES.arrayNode(), false));
            continue; // its first key or element
          }
        }
        case INTEGER, FLOAT, STRING -> done = literal(pop());
        case KEYWORD -> done = keyword(pop());
        default -> throw error("expecting value");
      }
      // Hand the value to the containers it completes, innermost first.
      while (true) {
        Open parent = open.peek();
        if (parent == null) {
          return done;
        }
        if (!addTo(parent, done)) {
          break; // the parent wants another value
        }
        open.pop();
        done = parent.node;
      }
    }
  }

  /**
   * Adds a finished value to an open container and reads the token after it; returns whether that
   * closed the container (else another key, member value or element follows).
   */
  private boolean addTo(Open parent, JsonNode value) throws JsonSyntaxError {
    if (parent.node instanceof ArrayNode array) {
      array.add(value);
      Token t = pop();
      if (t.type() == TokenType.RSQUARE) {
        return true;
      }
      if (t.type() != TokenType.COMMA) {
        throw error("expected separator in list");
      }
      return false;
    }
    ObjectNode object = (ObjectNode) parent.node;
    if (parent.awaitingKey) {
      if (!value.isString()) {
        throw error("key is not a string in object");
      }
      if (pop().type() != TokenType.COLON) {
        throw error("missing : in object pair");
      }
      parent.key = value.stringValue();
      parent.awaitingKey = false;
      return false;
    }
    String name = java.util.Objects.requireNonNull(parent.key);
    if (object.has(name)) {
      throw error("duplicate key");
    }
    object.set(name, value);
    Token t = pop();
    if (t.type() == TokenType.RCURLY) {
      return true;
    }
    if (t.type() != TokenType.COMMA) {
      throw error("expected separator in dict");
    }
    parent.awaitingKey = true;
    return false;
  }

  private static JsonNode keyword(Token t) throws JsonSyntaxError {
    String word = new String(t.text(), StandardCharsets.US_ASCII);
    return switch (word) {
      case "true" -> NODES.booleanNode(true);
      case "false" -> NODES.booleanNode(false);
      case "null" -> NODES.nullNode();
      default -> throw error("invalid keyword '" + word + "'");
    };
  }

  private static JsonNode literal(Token t) throws JsonSyntaxError {
    String text = new String(t.text(), StandardCharsets.ISO_8859_1);
    return switch (t.type()) {
      case STRING -> NODES.stringNode(string(t.text()));
      case INTEGER -> integer(text);
      default -> NODES.numberNode(Double.parseDouble(text));
    };
  }

  /** The most digits of an integer that may fit 64 bits ({@code 18446744073709551615}). */
  private static final int MAX_UINT64_DIGITS = 20;

  private static JsonNode integer(String text) {
    int digits = text.length() - (text.startsWith("-") ? 1 : 0);
    if (digits > MAX_UINT64_DIGITS) {
      // Too big for QNum's integers, as strtoull says; BigInteger would also take quadratic time.
      return NODES.numberNode(Double.parseDouble(text));
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() < 64) {
      return NODES.numberNode(value.longValue());
    }
    if (value.signum() > 0 && value.compareTo(UINT64_MAX) <= 0) {
      return NODES.numberNode(value);
    }
    return NODES.numberNode(Double.parseDouble(text));
  }

  /** QEMU's {@code parse_string()}: escapes, surrogate pairs, modified UTF-8. */
  private static String string(byte[] b) throws JsonSyntaxError {
    int end = b.length;
    byte quote = b[0];
    StringBuilder out = new StringBuilder(end);
    int p = 1;
    while (p < end && b[p] != quote) {
      if (b[p] != '\\') {
        long d = ModifiedUtf8.decode(b, p, end);
        int cp = ModifiedUtf8.codePoint(d);
        if (cp < 0) {
          throw error("invalid UTF-8 sequence in string");
        }
        out.appendCodePoint(cp);
        p = ModifiedUtf8.next(d);
        continue;
      }
      int begin = p;
      p++;
      int c = byteAt(b, p++);
      switch (c) {
        case '"', '\'', '\\', '/' -> out.append((char) c);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          int cp = hex4(b, p);
          p += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && byteAt(b, p) == '\\' && byteAt(b, p + 1) == 'u') {
            cp = 0x10000 + ((cp & 0x3FF) << 10);
            int trailing = hex4(b, p + 2);
            if (trailing >= 0xDC00 && trailing <= 0xDFFF) {
              cp |= trailing & 0x3FF;
              p += 6;
            } else {
              cp = -1;
            }
          }
          if (!ModifiedUtf8.isValidCodePoint(cp)) {
            throw new JsonSyntaxError(
                "JSON parse error, " + quoted(b, begin, p) + " is not a valid Unicode character");
          }
          out.appendCodePoint(cp);
        }
        default -> throw error("invalid escape sequence in string");
      }
    }
    return out.toString();
  }

  /** The bytes {@code printf("%.*s")} prints: stops at the end of the token, as at its NUL. */
  private static String quoted(byte[] b, int from, int to) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(b, from, Math.min(to, b.length) - from);
    return ModifiedUtf8.lenient(raw.toByteArray());
  }

  private static int byteAt(byte[] b, int i) {
    return i < b.length ? b[i] & 0xff : 0;
  }

  private static int hex4(byte[] b, int at) {
    int cp = 0;
    for (int i = 0; i < 4; i++) {
      int c = byteAt(b, at + i);
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return -1;
      }
      cp = (cp << 4) | digit;
    }
    return cp;
  }
}
