package io.github.qmp4j.protocol.transport;

/**
 * A host and a port taken from a {@code tcp:} or {@code tls:} address.
 *
 * @param host the host name or IP literal, without brackets
 * @param port the port, 0 to 65535 (0 asks the system for a free port when listening)
 */
public record HostPort(String host, int port) {
  /**
   * Validates the parts.
   *
   * @throws InvalidAddressException when the port is out of range or the host is empty
   */
  public HostPort {
    if (host.isEmpty()) {
      throw new InvalidAddressException(host + ":" + port, "empty host");
    }
    if (port < 0 || port > 65535) {
      throw new InvalidAddressException(host + ":" + port, "port out of range 0-65535");
    }
  }

  static HostPort parse(TransportAddress address) {
    String target = address.target();
    String host;
    String portText;
    if (target.startsWith("[")) {
      int end = target.indexOf(']');
      if (end < 0 || end + 1 >= target.length() || target.charAt(end + 1) != ':') {
        throw new InvalidAddressException(address.toString(), "expected [ipv6]:port");
      }
      host = target.substring(1, end);
      portText = target.substring(end + 2);
    } else {
      int colon = target.lastIndexOf(':');
      if (colon < 0) {
        throw new InvalidAddressException(address.toString(), "expected host:port");
      }
      host = target.substring(0, colon);
      portText = target.substring(colon + 1);
      if (host.contains(":")) {
        throw new InvalidAddressException(address.toString(), "IPv6 hosts go in brackets");
      }
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new InvalidAddressException(address.toString(), "port '" + portText + "' is no number");
    }
    try {
      return new HostPort(host, port);
    } catch (InvalidAddressException e) {
      throw new InvalidAddressException(address.toString(), e.reason());
    }
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
