package io.github.qmp4j.client;

import io.github.qmp4j.protocol.codec.MessageCodec;
import java.io.InputStream;
import java.io.OutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frames QMP {@link Message}s on a byte stream, one JSON object at a time, independent of newlines
 * (a {@code pretty=on} reply spans many lines; {@code query-qmp-schema} is one line of hundreds of
 * KiB); plain messages are parsed directly into Jackson trees, anything unusual by Jackson itself.
 * Writes compact JSON, one object per line, the same bytes as Jackson's generator.
 *
 * <h2>Limits on what is read</h2>
 *
 * <ul>
 *   <li>a message: {@link #maxMessageSize()} bytes (default {@value #DEFAULT_MAX_MESSAGE_SIZE}, 10
 *       MiB, as {@code qemu.qmp} and libvirt); the reader never buffers more than that plus one
 *       byte (at least 8 KiB);
 *   <li>nesting: 1024 levels of objects and arrays, QEMU's own limit;
 *   <li>a string: the message size; a number: 1000 characters; a member name: 50,000 characters
 *       (Jackson's defaults);
 *   <li>encoding: UTF-8 only; malformed UTF-8 and NUL bytes are refused.
 * </ul>
 *
 * <h2>How it fails</h2>
 *
 * A reader throws {@link io.github.qmp4j.protocol.codec.MessageTooLargeException} for a message
 * past the size limit, {@link io.github.qmp4j.protocol.codec.FramingException} for malformed JSON,
 * for a value that is not an object, or for any other limit, and {@link java.io.EOFException} when
 * the stream ends inside a message; never anything else (fuzzed: {@code CodecFuzzTest}). Which of
 * these a stream gets does not depend on how its bytes were split into reads.
 */
public final class QmpCodec implements MessageCodec<Message> {
  /** The default maximum message size: 10 MiB, as {@code qemu.qmp} and libvirt use. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 10 << 20;

  private final int maxMessageSize;
  private final JsonMapper mapper;

  /** Creates a codec with the default maximum message size. */
  public QmpCodec() {
    this(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /**
   * Creates a codec.
   *
   * @param maxMessageSize the largest message accepted, in bytes; at least 1 KiB
   * @throws IllegalArgumentException when the size is below 1 KiB
   */
  public QmpCodec(int maxMessageSize) {
    if (maxMessageSize < 1024) {
      throw new IllegalArgumentException("maxMessageSize must be at least 1024: " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    this.mapper =
        maxMessageSize == DEFAULT_MAX_MESSAGE_SIZE ? Json.MAPPER : Json.mapper(maxMessageSize);
  }

  @Override
  public MessageReader<Message> newReader(InputStream input) {
    return new JsonMessageReader(mapper, input, maxMessageSize);
  }

  @Override
  public MessageWriter<Message> newWriter(OutputStream output) {
    return new JsonMessageWriter(mapper, output);
  }

  @Override
  public int maxMessageSize() {
    return maxMessageSize;
  }
}
