package io.github.qmp4j.fake;

/**
 * A misbehaviour the fake shows instead of a normal reply, to test how a client copes with a broken
 * or dying QEMU. Use one as the answer to a command ({@link Stub#fault(Fault)}, {@link
 * Reply#fault(Fault)}) or at once on every open session ({@link FakeQmpServer#injectFault(Fault)}).
 */
public sealed interface Fault
    permits Fault.Close,
        Fault.CloseMidMessage,
        Fault.Stall,
        Fault.Garbage,
        Fault.Oversized,
        Fault.WrongId {

  /** Closes the connection without replying, like a QEMU that crashed. */
  static Fault close() {
    return new Close();
  }

  /** Writes the first half of the reply, then closes the connection. */
  static Fault closeMidMessage() {
    return new CloseMidMessage();
  }

  /**
   * Never replies and stops handling this session's input until the server closes, like a QEMU that
   * hangs (SIGSTOP); events are no longer delivered to it either.
   */
  static Fault stall() {
    return new Stall();
  }

  /** Writes bytes that are not JSON ({@code }{garbage\r\n}) instead of the reply. */
  static Fault garbage() {
    return new Garbage("}{garbage\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * Writes the given bytes instead of the reply.
   *
   * @param bytes the bytes, written as they are
   * @return the fault
   */
  static Fault garbage(byte[] bytes) {
    return new Garbage(bytes.clone());
  }

  /**
   * Replies with a well-formed message of at least {@code bytes} bytes (a long string as the return
   * value), to test a client's message size limit.
   *
   * @param bytes the least size of the message
   * @return the fault
   */
  static Fault oversized(int bytes) {
    return new Oversized(bytes);
  }

  /**
   * Replies {@code {"return": {}}} with an id the client did not send: the request's id with {@code
   * "-wrong"} appended for a string, plus one for a number, {@code "wrong-id"} otherwise.
   */
  static Fault wrongId() {
    return new WrongId();
  }

  /** See {@link Fault#close()}. */
  record Close() implements Fault {}

  /** See {@link Fault#closeMidMessage()}. */
  record CloseMidMessage() implements Fault {}

  /** See {@link Fault#stall()}. */
  record Stall() implements Fault {}

  /** See {@link Fault#garbage(byte[])}. */
  final class Garbage implements Fault {
    private final byte[] bytes;

    Garbage(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Returns a copy of the bytes written. */
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return "Garbage[" + bytes.length + " bytes]";
    }
  }

  /**
   * See {@link Fault#oversized(int)}.
   *
   * @param bytes the least size of the message
   */
  record Oversized(int bytes) implements Fault {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException when not positive
     */
    public Oversized {
      if (bytes <= 0) {
        throw new IllegalArgumentException("size must be positive: " + bytes);
      }
    }
  }

  /** See {@link Fault#wrongId()}. */
  record WrongId() implements Fault {}
}
