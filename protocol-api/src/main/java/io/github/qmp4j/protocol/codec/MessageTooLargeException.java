package io.github.qmp4j.protocol.codec;

import org.jspecify.annotations.Nullable;

/** A message was larger than the codec's configured maximum; it was not buffered whole. */
public final class MessageTooLargeException extends FramingException {
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the maximum message size in bytes
   * @param cause the parser's error, or {@code null}
   */
  public MessageTooLargeException(long limit, @Nullable Throwable cause) {
    super("Message exceeds the maximum size of " + limit + " bytes", cause);
    this.limit = limit;
  }

  /** Returns the maximum message size, in bytes, that was exceeded. */
  public long limit() {
    return limit;
  }
}
