package io.github.qmp4j.client;

import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Encodes messages as compact JSON lines into one reused buffer, written with one write. */
final class JsonMessageWriter implements MessageWriter<Message> {
  /** A buffer that grew past this for one large command is dropped rather than kept. */
  private static final int KEEP_BUFFER_BELOW = 1 << 20;

  private final ObjectWriter writer;
  private final OutputStream output;
  private Batch batch = new Batch();

  JsonMessageWriter(JsonMapper mapper, OutputStream output) {
    this.writer = mapper.writer();
    this.output = output;
  }

  @Override
  public void encode(Message message) throws IOException {
    try {
      writer.writeValue(batch, message.node());
    } catch (JacksonException e) {
      throw new IOException(
          "Cannot encode " + message.command() + ": " + e.getOriginalMessage(), e);
    }
    batch.write('\n');
  }

  @Override
  public void flush() throws IOException {
    try {
      batch.writeTo(output);
      output.flush();
    } finally {
      if (batch.capacity() > KEEP_BUFFER_BELOW) {
        batch = new Batch();
      } else {
        batch.reset();
      }
    }
  }

  /** A byte buffer that writes itself out without copying. */
  private static final class Batch extends ByteArrayOutputStream {
    Batch() {
      super(512);
    }

    int capacity() {
      return buf.length;
    }

    @Override
    public void close() {
      // Jackson closes its target after writeValue; the buffer lives on.
    }
  }
}
