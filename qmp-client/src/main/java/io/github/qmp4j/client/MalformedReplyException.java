package io.github.qmp4j.client;

import org.jspecify.annotations.Nullable;

/**
 * A reply was routed to a command but is not a valid QMP reply (neither {@code return} nor a
 * well-formed {@code error}), or its {@code return} value could not be mapped to the requested
 * type. The session goes on; only this command failed. The message shows the reply with
 * password-like members masked; {@link #reply()} is the reply as received.
 */
public final class MalformedReplyException extends QmpException {
  private final Message reply;

  /**
   * Creates the exception.
   *
   * @param reason what is wrong with the reply
   * @param reply the reply as received
   * @param cause the mapping error, or {@code null}
   */
  public MalformedReplyException(String reason, Message reply, @Nullable Throwable cause) {
    super(reason + ": " + Redactor.toString(reply), cause);
    this.reply = reply;
  }

  /** Returns the reply as received. */
  public Message reply() {
    return reply;
  }
}
