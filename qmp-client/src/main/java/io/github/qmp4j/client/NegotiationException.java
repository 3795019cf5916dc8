package io.github.qmp4j.client;

import org.jspecify.annotations.Nullable;

/**
 * {@code qmp_capabilities} failed: the server answered with an error, or with something that is not
 * a reply. Connecting fails with a {@link io.github.qmp4j.protocol.ConnectException} caused by
 * this; the connection is closed.
 */
public final class NegotiationException extends QmpException {
  private final Message received;

  /**
   * Creates the exception.
   *
   * @param reason what went wrong
   * @param received the message the server sent
   * @param cause the error reply as an exception, or {@code null}
   */
  public NegotiationException(String reason, Message received, @Nullable Throwable cause) {
    super("QMP capabilities negotiation failed: " + reason, cause);
    this.received = received;
  }

  /** Returns what the server answered. */
  public Message received() {
    return received;
  }
}
