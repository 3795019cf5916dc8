package io.github.qmp4j.fake.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * QEMU 7.2's JSON streamer ({@code qobject/json-streamer.c}): collects tokens until the braces and
 * brackets balance (or go negative), then parses them as one message. A lexical error, or a message
 * past one of QEMU's limits, is reported at once and the tokens collected so far are dropped; what
 * follows is read as new messages, exactly as QEMU does.
 */
public final class JsonStreamer implements Consumer<Token> {
  /** QEMU's limit on the tokens of one message. */
  public static final int MAX_TOKEN_COUNT = 2 << 20;

  /** QEMU's limit on nesting. */
  public static final int MAX_NESTING = 1 << 10;

  /** What the streamer produces: a parsed value or a parse error, in input order. */
  public interface Sink {
    /**
     * Receives one well-formed JSON value.
     *
     * @param value the value
     */
    void value(JsonNode value);

    /**
     * Receives one error, to be answered without an id.
     *
     * @param desc QEMU's text, e.g. "JSON parse error, expecting value"
     */
    void error(String desc);
  }

  /** Past this many tokens the list is given back after its message, so big input costs no RAM. */
  private static final int KEPT_TOKENS = 4096;

  private final Sink sink;
  private final JsonLimits limits;
  private List<Token> tokens = new ArrayList<>();
  private long tokenSize;
  private int braces;
  private int brackets;

  /**
   * Creates a streamer with QEMU's limits.
   *
   * @param sink receives values and errors in order
   */
  public JsonStreamer(Sink sink) {
    this(sink, JsonLimits.QEMU);
  }

  /**
   * Creates a streamer.
   *
   * @param sink receives values and errors in order
   * @param limits the limits on one message
   */
  public JsonStreamer(Sink sink, JsonLimits limits) {
    this.sink = sink;
    this.limits = limits;
  }

  /** Returns how many bytes of tokens wait for their message to end (at most the size limit). */
  public long pendingBytes() {
    return tokenSize;
  }

  /** Returns how many tokens wait for their message to end (at most the count limit). */
  public int pendingTokens() {
    return tokens.size();
  }

  @Override
  public void accept(Token token) {
    switch (token.type()) {
      case LCURLY -> braces++;
      case RCURLY -> braces--;
      case LSQUARE -> brackets++;
      case RSQUARE -> brackets--;
      case ERROR -> {
        fail("JSON parse error, stray '" + ModifiedUtf8.lenient(token.text()) + "'");
        return;
      }
      default -> {}
    }
    if (tokenSize + token.text().length + 1 > limits.maxTokenSize()) {
      fail("JSON token size limit exceeded");
      return;
    }
    if (tokens.size() + 1 > limits.maxTokenCount()) {
      fail("JSON token count limit exceeded");
      return;
    }
    if (braces + brackets > limits.maxNesting()) {
      fail("JSON nesting depth limit exceeded");
      return;
    }
    tokens.add(token);
    tokenSize += token.text().length;
    if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0) {
      return;
    }
    List<Token> message = List.copyOf(tokens);
    reset();
    try {
      sink.value(QemuJsonParser.parse(message));
    } catch (JsonSyntaxError e) {
      sink.error(String.valueOf(e.getMessage()));
    }
  }

  private void fail(String desc) {
    reset();
    sink.error(desc);
  }

  private void reset() {
    if (tokens.size() > KEPT_TOKENS) {
      tokens = new ArrayList<>();
    } else {
      tokens.clear();
    }
    tokenSize = 0;
    braces = 0;
    brackets = 0;
  }
}
