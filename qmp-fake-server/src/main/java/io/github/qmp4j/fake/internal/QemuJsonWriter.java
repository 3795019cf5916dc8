package io.github.qmp4j.fake.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON exactly as QEMU 7.2's monitor does ({@code qobject/json-writer.c}): members in QEMU's
 * dictionary order ({@link QDictOrder}), {@code ", "} and {@code ": "} separators, every character
 * outside printable ASCII as an upper-case {@code \}{@code uXXXX} escape, integers as integers,
 * other numbers as {@code %.17g}. The pretty layout is QEMU's {@code pretty=on}: four-space indent
 * and CR LF line ends, as the monitor turns each LF into CR LF.
 */
public final class QemuJsonWriter {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final String EOL = "\r\n";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final boolean pretty;
  private final StringBuilder out = new StringBuilder();

  private QemuJsonWriter(boolean pretty) {
    this.pretty = pretty;
  }

  /**
   * Writes one value without a line end.
   *
   * @param value the value
   * @param pretty whether to use QEMU's multi-line layout
   * @return the text (printable ASCII plus CR LF in pretty mode)
   */
  public static String write(JsonNode value, boolean pretty) {
    QemuJsonWriter w = new QemuJsonWriter(pretty);
    w.value(value, 0);
    return w.out.toString();
  }

  private void newline(int depth) {
    if (pretty) {
      out.append(EOL);
      out.append(" ".repeat(4 * depth));
    }
  }

  private void value(JsonNode node, int depth) {
    switch (node.getNodeType()) {
      case OBJECT -> object(node, depth);
      case ARRAY -> array(node, depth);
      case STRING -> string(node.stringValue());
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NUMBER -> number(node);
      case BINARY, POJO -> string(node.asString());
      default -> out.append("null");
    }
  }

  private void object(JsonNode node, int depth) {
    out.append('{');
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      keys.add(e.getKey());
    }
    boolean first = true;
    for (String key : QDictOrder.order(keys)) {
      if (!first) {
        out.append(',');
        if (!pretty) {
          out.append(' ');
        }
      }
      first = false;
      newline(depth + 1);
      string(key);
      out.append(": ");
      value(node.get(key), depth + 1);
    }
    newline(depth);
    out.append('}');
  }

  private void array(JsonNode node, int depth) {
    out.append('[');
    boolean first = true;
    for (JsonNode element : node.values()) {
      if (!first) {
        out.append(',');
        if (!pretty) {
          out.append(' ');
        }
      }
      first = false;
      newline(depth + 1);
      value(element, depth + 1);
    }
    newline(depth);
    out.append(']');
  }

  private void number(JsonNode node) {
    if (node.isIntegralNumber()) {
      BigInteger v = node.bigIntegerValue();
      if (v.compareTo(INT64_MIN) >= 0 && v.compareTo(UINT64_MAX) <= 0) {
        out.append(v);
        return;
      }
    }
    out.append(CDoubleFormat.format(node.doubleValue()));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7F) {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
