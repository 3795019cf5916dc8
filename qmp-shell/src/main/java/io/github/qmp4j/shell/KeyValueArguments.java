package io.github.qmp4j.shell;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The argument syntax of QEMU's {@code qmp-shell}: {@code key=value} words, dotted keys for nested
 * objects ({@code a.b=1} gives {@code {"a": {"b": 1}}}), integers, {@code true}/{@code false} (in
 * any case), JSON for values that start with <code>{</code> or {@code [} (single quotes and bare
 * member names are accepted too), and anything else as a string. Beyond {@code qmp-shell}: a value
 * wholly in quotes is a string with the quotes removed ({@code command-line="info version"} sends
 * {@code info version}, and {@code id="1"} sends the string {@code "1"}), and JSON that does not
 * parse is an error instead of a string that QEMU would reject later.
 *
 * <p>Errors use {@code qmp-shell}'s texts: {@code Expected a key=value pair, got 'x'}, {@code
 * Cannot set "a.b" multiple times}, {@code Cannot use "a" as both leaf and non-leaf key}. A dotted
 * key may extend an object given as JSON before it ({@code a={"x":1} a.y=2}).
 */
final class KeyValueArguments {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final JsonMapper LENIENT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(
              JsonReadFeature.ALLOW_SINGLE_QUOTES,
              JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
              JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
              JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  private KeyValueArguments() {}

  /**
   * Reads one {@code key=value} word into an object.
   *
   * @param target the arguments so far; changed in place
   * @param word e.g. {@code a.b=1}
   * @throws ArgumentSyntaxException when the word is not {@code key=value}, the value is bad JSON,
   *     or the key clashes with one set before
   */
  static void apply(ObjectNode target, String word) throws ArgumentSyntaxException {
    int eq = word.indexOf('=');
    if (eq < 0) {
      throw new ArgumentSyntaxException("Expected a key=value pair, got '" + word + "'");
    }
    String key = word.substring(0, eq);
    set(target, key, parseValue(key, word.substring(eq + 1)));
  }

  /** Reads a value as {@code qmp-shell} does, plus quoted strings. */
  static JsonNode parseValue(String key, String raw) throws ArgumentSyntaxException {
    if (isWhollyQuoted(raw)) {
      return parseJson(key, raw, "string");
    }
    if (INTEGER.matcher(raw).matches()) {
      BigInteger n = new BigInteger(raw);
      return n.bitLength() < Long.SIZE ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return NODES.booleanNode(lower.equals("true"));
    }
    if (raw.startsWith("{") || raw.startsWith("[")) {
      return parseJson(key, raw, "JSON");
    }
    return NODES.stringNode(raw);
  }

  private static JsonNode parseJson(String key, String raw, String what)
      throws ArgumentSyntaxException {
    try {
      return STRICT.readTree(raw);
    } catch (JacksonException strictError) {
      try {
        return LENIENT.readTree(raw);
      } catch (JacksonException e) {
        throw new ArgumentSyntaxException(
            "Invalid " + what + " value for \"" + key + "\": " + firstLine(e.getOriginalMessage()));
      }
    }
  }

  /** Whether the value starts with a quote whose closing quote is its last character. */
  private static boolean isWhollyQuoted(String raw) {
    if (raw.length() < 2) {
      return false;
    }
    char quote = raw.charAt(0);
    if (quote != '"' && quote != '\'') {
      return false;
    }
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && quote == '"') {
        i++;
      } else if (c == quote) {
        return i == raw.length() - 1;
      }
    }
    return false;
  }

  /** Sets a dotted key, creating the objects on its path. */
  static void set(ObjectNode target, String key, JsonNode value) throws ArgumentSyntaxException {
    String[] path = key.split("\\.", -1);
    for (String part : path) {
      if (part.isEmpty()) {
        throw new ArgumentSyntaxException("Invalid key \"" + key + "\": empty name");
      }
    }
    ObjectNode parent = target;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = parent.get(path[i]);
      if (child == null) {
        parent = parent.putObject(path[i]);
      } else if (child instanceof ObjectNode object) {
        parent = object;
      } else {
        throw leafAndParent(String.join(".", java.util.Arrays.copyOf(path, i + 1)));
      }
    }
    String leaf = path[path.length - 1];
    JsonNode existing = parent.get(leaf);
    if (existing instanceof ObjectNode) {
      throw leafAndParent(key);
    }
    if (existing != null) {
      throw new ArgumentSyntaxException("Cannot set \"" + key + "\" multiple times");
    }
    parent.set(leaf, value);
  }

  private static ArgumentSyntaxException leafAndParent(String key) {
    return new ArgumentSyntaxException("Cannot use \"" + key + "\" as both leaf and non-leaf key");
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
