package io.github.qmp4j.client;

/**
 * The first message from the server (after any events) was not a QMP greeting of the form {@code
 * {"QMP": {"version": {"qemu": {...}, "package": ...}, "capabilities": [...]}}}. Connecting fails
 * with a {@link io.github.qmp4j.protocol.ConnectException} caused by this; the connection is
 * closed. A peer without a greeting (the guest agent) needs {@code awaitGreeting(false)}.
 */
public final class GreetingException extends QmpException {
  private final Message received;

  /**
   * Creates the exception.
   *
   * @param reason what is wrong
   * @param received the message that was received instead
   */
  public GreetingException(String reason, Message received) {
    super("Did not understand the QMP greeting: " + reason + ": " + Redactor.toString(received));
    this.received = received;
  }

  /** Returns the message that was received instead of a valid greeting. */
  public Message received() {
    return received;
  }
}
