package io.github.qmp4j.fake.internal;

import io.github.qmp4j.protocol.codec.MessageCodec;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The fake server's codec for one session: reads the client's bytes through QEMU's lexer, streamer
 * and parser, so that input is split and rejected exactly as QEMU does it (no newline needed; a
 * syntax error costs one or more error replies and the connection survives), and writes messages as
 * QEMU writes them, each followed by CR LF.
 */
public final class WireCodec implements MessageCodec<Frame> {
  private final boolean pretty;
  private final DescriptorSource descriptors;
  private final JsonLimits limits;

  /**
   * Creates the codec of one session.
   *
   * @param pretty whether to write QEMU's {@code pretty=on} layout
   * @param descriptors where the reader takes descriptors that arrive with the bytes
   * @param limits the limits on one message
   */
  public WireCodec(boolean pretty, DescriptorSource descriptors, JsonLimits limits) {
    this.pretty = pretty;
    this.descriptors = descriptors;
    this.limits = limits;
  }

  @Override
  public int maxMessageSize() {
    return limits.maxTokenSize();
  }

  @Override
  public MessageReader<Frame> newReader(InputStream input) {
    return new Reader(input, descriptors, limits);
  }

  @Override
  public MessageWriter<Frame> newWriter(OutputStream output) {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    return new MessageWriter<>() {
      @Override
      public void encode(Frame frame) {
        batch.writeBytes(bytes(frame, pretty));
      }

      @Override
      public void flush() throws IOException {
        output.write(batch.toByteArray());
        output.flush();
        batch.reset();
      }
    };
  }

  /**
   * Returns the bytes a frame is written as.
   *
   * @param frame a {@link Frame.Message} or {@link Frame.Raw}
   * @param pretty whether messages use QEMU's pretty layout
   * @return the bytes, with the CR LF that ends a message
   */
  public static byte[] bytes(Frame frame, boolean pretty) {
    if (frame instanceof Frame.Raw raw) {
      return raw.bytes();
    }
    if (frame instanceof Frame.Message message) {
      return (QemuJsonWriter.write(message.json(), pretty) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }
    throw new IllegalArgumentException("Not an outbound frame: " + frame);
  }

  private static final class Reader implements MessageReader<Frame>, JsonStreamer.Sink {
    private final InputStream input;
    private final DescriptorSource source;
    private final byte[] buffer = new byte[64 * 1024];
    private final ArrayDeque<Frame> ready = new ArrayDeque<>();
    private final JsonLexer lexer;
    private final List<FileDescriptor> arrived = new ArrayList<>();

    Reader(InputStream input, DescriptorSource source, JsonLimits limits) {
      this.input = input;
      this.source = source;
      this.lexer = new JsonLexer(new JsonStreamer(this, limits), limits.maxTokenSize());
    }

    // The engine documents null at end of stream, but MessageReader.read() is not yet @Nullable.
    @SuppressWarnings("NullAway")
    @Override
    public @Nullable Frame read() throws IOException {
      while (ready.isEmpty()) {
        int n = input.read(buffer);
        if (n < 0) {
          return null; // QEMU drops a half-read message when the client goes away
        }
        arrived.addAll(source.take());
        lexer.feed(buffer, 0, n);
      }
      return ready.poll();
    }

    @Override
    public void value(JsonNode value) {
      List<FileDescriptor> fds = List.copyOf(arrived);
      arrived.clear();
      ready.add(new Frame.Request(value, fds));
    }

    @Override
    public void error(String desc) {
      ready.add(new Frame.ParseError(desc));
    }
  }
}
