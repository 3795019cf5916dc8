package io.github.qmp4j.protocol;

import java.time.Duration;

/**
 * A blocking call did not complete within its timeout. What was waited for is named in the message;
 * the session, if any, is left as it was unless the call's own documentation says otherwise.
 */
public class ProtocolTimeoutException extends ProtocolException {
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param what what was waited for, e.g. "the reply to query-status"
   * @param timeout the timeout that expired
   */
  public ProtocolTimeoutException(String what, Duration timeout) {
    super("Timed out after " + format(timeout) + " waiting for " + what);
    this.timeout = timeout;
  }

  /** Returns the timeout that expired. */
  public Duration timeout() {
    return timeout;
  }

  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
