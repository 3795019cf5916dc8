package io.github.qmp4j.client;

import org.jspecify.annotations.Nullable;

/**
 * The server answered a command with {@code {"error": {"class": ..., "desc": ...}}}. The session
 * goes on; only this command failed. {@link #errorClass()} is the machine-readable class ({@code
 * GenericError}, {@code CommandNotFound}, {@code DeviceNotActive}, {@code DeviceNotFound}, {@code
 * KVMMissingCap}); {@link #desc()} is for humans and may change between QEMU versions.
 */
public class QmpErrorResponseException extends QmpException {
  private final String errorClass;
  private final String desc;
  private final @Nullable Message command;
  private final Message reply;

  /**
   * Creates the exception.
   *
   * @param command the command that was sent, or {@code null} when unknown (negotiation)
   * @param reply the error reply as received
   */
  public QmpErrorResponseException(@Nullable Message command, Message reply) {
    this(command, reply, null);
  }

  QmpErrorResponseException(@Nullable Message command, Message reply, @Nullable String prefix) {
    super(describe(command, reply, prefix));
    this.errorClass = nonNull(reply.errorClass(), "(no class)");
    this.desc = nonNull(reply.errorDesc(), "(no description)");
    this.command = command;
    this.reply = reply;
  }

  private static String describe(
      @Nullable Message command, Message reply, @Nullable String prefix) {
    String name = command == null ? null : command.command();
    StringBuilder b = new StringBuilder();
    if (prefix != null) {
      b.append(prefix).append(": ");
    }
    if (name != null) {
      b.append("QMP command '").append(name).append("' failed: ");
    }
    return b.append(nonNull(reply.errorClass(), "(no class)"))
        .append(": ")
        .append(nonNull(reply.errorDesc(), "(no description)"))
        .toString();
  }

  private static String nonNull(@Nullable String s, String fallback) {
    return s == null ? fallback : s;
  }

  /** Returns the error class, e.g. {@code CommandNotFound}. */
  public String errorClass() {
    return errorClass;
  }

  /** Returns the human-readable description. */
  public String desc() {
    return desc;
  }

  /** Returns the command as it was sent (with its id), or {@code null} when not known. */
  public @Nullable Message command() {
    return command;
  }

  /** Returns the reply as it was received. */
  public Message reply() {
    return reply;
  }
}
