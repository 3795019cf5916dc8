package io.github.qmp4j.client;

/**
 * The server sent an error reply without an id while no id-less command was pending. QEMU does that
 * when it could not parse what it received ("JSON parse error, ..."), so the reply belongs to no
 * command and the two sides may disagree about what was sent. Like {@code qemu.qmp}, the client
 * ends the session with this error: pending calls fail with a {@link
 * io.github.qmp4j.protocol.DisconnectedException} whose cause is this exception.
 */
public final class ServerParseException extends QmpException {
  private final Message reply;

  /**
   * Creates the exception.
   *
   * @param reply the error reply without id
   */
  public ServerParseException(Message reply) {
    super(
        "The server sent an error without an id and no id-less command was pending; assuming it"
            + " could not parse its input: "
            + reply.errorClass()
            + ": "
            + reply.errorDesc());
    this.reply = reply;
  }

  /** Returns the error reply. */
  public Message reply() {
    return reply;
  }
}
