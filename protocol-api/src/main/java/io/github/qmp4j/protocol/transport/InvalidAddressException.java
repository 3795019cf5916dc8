package io.github.qmp4j.protocol.transport;

import io.github.qmp4j.protocol.ProtocolException;

/** An address string could not be parsed, or does not fit the transport it names. */
public final class InvalidAddressException extends ProtocolException {
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param address the address as given
   * @param reason what is wrong with it
   */
  public InvalidAddressException(String address, String reason) {
    super("Invalid address '" + address + "': " + reason);
    this.reason = reason;
  }

  /** Returns what is wrong with the address, without the address itself. */
  public String reason() {
    return reason;
  }
}
