package io.github.qmp4j.fake.internal;

import java.io.FileDescriptor;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What travels through the fake server's codec: inbound, a parsed value or a parse error; outbound,
 * a JSON message or raw bytes (for fault effects such as garbage or half a message).
 */
public sealed interface Frame {
  /**
   * A well-formed JSON value from the client (not yet checked to be a valid command).
   *
   * @param value the value
   * @param descriptors file descriptors that arrived with its bytes; the server owns them
   */
  record Request(JsonNode value, List<FileDescriptor> descriptors) implements Frame {
    @Override
    public String toString() {
      return QemuJsonWriter.write(value, false); // Jackson's toString() fails past 500 levels
    }
  }

  /**
   * Input QEMU's parser rejects; answered with a {@code GenericError} without an id.
   *
   * @param desc QEMU's error text
   */
  record ParseError(String desc) implements Frame {
    @Override
    public String toString() {
      return "(parse error) " + desc;
    }
  }

  /**
   * A JSON message to the client, written as QEMU writes it.
   *
   * @param json the message
   */
  record Message(JsonNode json) implements Frame {
    @Override
    public String toString() {
      return QemuJsonWriter.write(json, false);
    }
  }

  /** Bytes written as they are. */
  final class Raw implements Frame {
    private final byte[] bytes;

    /**
     * Wraps bytes; the caller must not change them afterwards.
     *
     * @param bytes the bytes
     */
    public Raw(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Returns the bytes (not a copy). */
    public byte[] bytes() {
      return bytes;
    }

    @Override
    public String toString() {
      return "(" + bytes.length + " raw bytes)";
    }
  }
}
