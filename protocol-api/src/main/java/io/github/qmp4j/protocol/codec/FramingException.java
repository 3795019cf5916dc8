package io.github.qmp4j.protocol.codec;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The input could not be split into messages: it is not well-formed for the codec, or breaks one of
 * its limits. The connection cannot be trusted after this; the engine ends the session.
 */
public class FramingException extends IOException {
  /**
   * Creates the exception.
   *
   * @param message what was wrong with the input
   * @param cause the parser's error, or {@code null}
   */
  public FramingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
