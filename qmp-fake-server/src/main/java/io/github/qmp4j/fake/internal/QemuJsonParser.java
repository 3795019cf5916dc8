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

  private JsonNode value() throws JsonSyntaxError {
    Token t = peek();
    if (t == null) {
      throw error("premature EOI");
    }
    return switch (t.type()) {
      case LCURLY -> object();
      case LSQUARE -> array();
      case INTEGER, FLOAT, STRING -> literal(pop());
      case KEYWORD -> keyword(pop());
      default -> throw error("expecting value");
    };
  }

  private ObjectNode object() throws JsonSyntaxError {
    pop(); // {
    ObjectNode object = NODES.objectNode();
    Token peeked = peek();
    if (peeked == null) {
      throw error("premature EOI");
    }
    if (peeked.type() == TokenType.RCURLY) {
      pop();
      return object;
    }
    pair(object);
    for (Token t = pop(); t.type() != TokenType.RCURLY; t = pop()) {
      if (t.type() != TokenType.COMMA) {
        throw error("expected separator in dict");
      }
      pair(object);
    }
    return object;
  }

  private void pair(ObjectNode object) throws JsonSyntaxError {
    if (peek() == null) {
      throw error("premature EOI");
    }
    JsonNode key = value();
    if (!key.isString()) {
      throw error("key is not a string in object");
    }
    if (pop().type() != TokenType.COLON) {
      throw error("missing : in object pair");
    }
    JsonNode value = value();
    String name = key.stringValue();
    if (object.has(name)) {
      throw error("duplicate key");
    }
    object.set(name, value);
  }

  private ArrayNode array() throws JsonSyntaxError {
    pop(); // [
    ArrayNode array = NODES.arrayNode();
    Token peeked = peek();
    if (peeked == null) {
      throw error("premature EOI");
    }
    if (peeked.type() == TokenType.RSQUARE) {
      pop();
      return array;
    }
    array.add(value());
    for (Token t = pop(); t.type() != TokenType.RSQUARE; t = pop()) {
      if (t.type() != TokenType.COMMA) {
        throw error("expected separator in list");
      }
      array.add(value());
    }
    return array;
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

  private static JsonNode integer(String text) {
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
