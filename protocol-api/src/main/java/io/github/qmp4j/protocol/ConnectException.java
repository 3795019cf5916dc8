package io.github.qmp4j.protocol;

/**
 * Connecting, accepting or establishing a session failed; the protocol is back in {@link
 * Runstate#IDLE}. The message names the phase ("Failed to establish connection" or "Failed to
 * establish session") and the root cause; {@link #getCause()} is that root cause (an {@code
 * IOException}, a {@code TimeoutException}, a protocol error raised by the subclass, ...).
 */
public final class ConnectException extends ProtocolException {
  private final String phase;

  /**
   * Creates the exception.
   *
   * @param phase the phase that failed, e.g. "Failed to establish connection"
   * @param cause the root cause
   */
  public ConnectException(String phase, Throwable cause) {
    super(phase + ": " + Causes.summary(cause), cause);
    this.phase = phase;
  }

  /** Returns the phase that failed, without the cause. */
  public String phase() {
    return phase;
  }
}
