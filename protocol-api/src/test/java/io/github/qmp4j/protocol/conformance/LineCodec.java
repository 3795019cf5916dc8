package io.github.qmp4j.protocol.conformance;

import io.github.qmp4j.protocol.codec.FramingException;
import io.github.qmp4j.protocol.codec.MessageCodec;
import io.github.qmp4j.protocol.codec.MessageTooLargeException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A newline-framed UTF-8 string codec for engine and transport tests. */
public final class LineCodec implements MessageCodec<String> {
  private final int maxMessageSize;

  /**
   * Creates the codec.
   *
   * @param maxMessageSize the longest line accepted, in bytes
   */
  public LineCodec(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Creates the codec with a 16 MiB limit. */
  public LineCodec() {
    this(16 << 20);
  }

  @Override
  public int maxMessageSize() {
    return maxMessageSize;
  }

  @Override
  public MessageReader<String> newReader(InputStream input) {
    InputStream in = new BufferedInputStream(input, 64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    return new MessageReader<>() {
      @Override
      public String read() throws IOException {
        // The partial line lives in the reader, so a read that times out resumes losslessly.
        while (true) {
          int b = in.read();
          if (b < 0) {
            if (line.size() == 0) {
              return null;
            }
            throw new EOFException("End of stream inside a message");
          }
          if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith("!bad")) {
              throw new FramingException("malformed line: " + text, null);
            }
            return text;
          }
          if (line.size() >= maxMessageSize) {
            throw new MessageTooLargeException(maxMessageSize, null);
          }
          line.write(b);
        }
      }

      @Override
      public boolean resumesAfterTimeout() {
        return true;
      }
    };
  }

  @Override
  public MessageWriter<String> newWriter(OutputStream output) {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    return new MessageWriter<>() {
      @Override
      public void encode(String message) {
        batch.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        batch.write('\n');
      }

      @Override
      public void flush() throws IOException {
        output.write(batch.toByteArray());
        output.flush();
        batch.reset();
      }
    };
  }
}
