package io.github.qmp4j.fake.internal;

/**
 * The limits QEMU's JSON streamer puts on one message, so that no input can make it allocate
 * without bound: the bytes of one token and of all tokens of a message, the number of tokens, and
 * the nesting depth. Input past a limit is refused with QEMU's error text and the streamer starts
 * over. The fake always uses {@link #QEMU}; smaller limits let a test reach them with small input.
 *
 * @param maxTokenSize the most bytes of one token, and of all tokens of one message
 * @param maxTokenCount the most tokens of one message
 * @param maxNesting the deepest nesting of braces and brackets
 */
public record JsonLimits(int maxTokenSize, int maxTokenCount, int maxNesting) {
  /** QEMU 7.2's limits: 64 MiB, 2 Mi tokens, depth 1024. */
  public static final JsonLimits QEMU =
      new JsonLimits(
          JsonLexer.MAX_TOKEN_SIZE, JsonStreamer.MAX_TOKEN_COUNT, JsonStreamer.MAX_NESTING);

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException when a limit is less than 1
   */
  public JsonLimits {
    if (maxTokenSize < 1 || maxTokenCount < 1 || maxNesting < 1) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
  }
}
