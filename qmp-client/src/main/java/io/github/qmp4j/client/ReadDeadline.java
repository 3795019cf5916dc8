package io.github.qmp4j.client;

import java.net.SocketTimeoutException;

/**
 * The deadline of a caller that blocks in {@code execute} and may read its own reply from the
 * socket (the engine's {@code awaitCompletion}). The engine bounds each socket read by the time the
 * caller has left, but a peer that sends one byte at a time never lets a single read time out, so
 * without this a caller could stay inside one slowly dribbled message long after its timeout.
 * {@link JsonMessageReader} checks the deadline before every read and throws {@link
 * SocketTimeoutException} once it has passed; the reader resumes the message losslessly later, on
 * whichever thread reads next.
 *
 * <p>Per thread: only the blocked caller has a deadline; the background reader never does, since it
 * must not time out.
 */
final class ReadDeadline {
  private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[1]);

  private ReadDeadline() {}

  /**
   * Sets the calling thread's deadline, or clears it.
   *
   * @param nanoTime a {@link System#nanoTime()} value, or 0 for none
   */
  static void set(long nanoTime) {
    DEADLINE.get()[0] = nanoTime;
  }

  /**
   * Throws when the calling thread has a deadline that has passed.
   *
   * @throws SocketTimeoutException as a socket read with {@code SO_TIMEOUT} does
   */
  static void check() throws SocketTimeoutException {
    long deadline = DEADLINE.get()[0];
    if (deadline != 0 && System.nanoTime() - deadline >= 0) {
      throw new SocketTimeoutException("The caller's deadline passed in the middle of a message");
    }
  }
}
