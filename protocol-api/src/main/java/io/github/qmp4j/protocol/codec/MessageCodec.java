package io.github.qmp4j.protocol.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Frames messages of type {@code M} on a byte stream. One codec serves many connections; the
 * per-connection state lives in the {@link MessageReader} and {@link MessageWriter} it creates.
 *
 * @param <M> the message type
 */
public interface MessageCodec<M> {
  /**
   * Creates the reader for one connection.
   *
   * @param input the connection's input; the reader may buffer ahead
   * @return a reader that owns {@code input} from now on
   */
  MessageReader<M> newReader(InputStream input);

  /**
   * Creates the writer for one connection.
   *
   * @param output the connection's output
   * @return a writer that writes each message (or batch) with as few writes as it can
   */
  MessageWriter<M> newWriter(OutputStream output);

  /**
   * Returns the largest message, in bytes, that a reader accepts before it throws {@link
   * MessageTooLargeException}.
   */
  int maxMessageSize();

  /**
   * Reads messages from one connection.
   *
   * @param <M> the message type
   */
  interface MessageReader<M> {
    /**
     * Blocks until a whole message has arrived.
     *
     * @return the message, or {@code null} when the peer closed the stream between messages
     * @throws FramingException when the input is not a well-formed message or is too large
     * @throws java.io.EOFException when the stream ends in the middle of a message
     * @throws IOException when reading fails
     */
    @Nullable M read() throws IOException;

    /**
     * Tells whether this reader survives a {@link java.net.SocketTimeoutException} from its input:
     * the exception propagates from {@link #read()}, and the next call continues the message where
     * it stopped, losing nothing. Only then does the engine let callers read with a timeout. The
     * default is {@code false}.
     *
     * @return whether reads can be resumed after a timeout
     */
    default boolean resumesAfterTimeout() {
      return false;
    }
  }

  /**
   * Writes messages to one connection. Not thread-safe: the engine serialises calls.
   *
   * @param <M> the message type
   */
  interface MessageWriter<M> {
    /**
     * Encodes a message into the pending batch without writing it.
     *
     * @param message the message
     * @throws IOException when the message cannot be encoded
     */
    void encode(M message) throws IOException;

    /**
     * Writes everything encoded since the last flush with one write, and flushes.
     *
     * @throws IOException when writing fails
     */
    void flush() throws IOException;
  }
}
