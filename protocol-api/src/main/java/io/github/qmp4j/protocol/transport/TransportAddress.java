package io.github.qmp4j.protocol.transport;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where to connect or listen, in QEMU's own syntax: {@code unix:/path}, {@code tcp:host:port},
 * {@code tls:host:port}, {@code memory:name}, or any {@code scheme:target} a plugin understands.
 * Like {@code qemu.qmp}, a bare path ({@code /run/qemu.sock}, {@code ./qmp.sock}) means {@code
 * unix:} and a bare {@code host:port} means {@code tcp:}.
 *
 * @param scheme the lower-case scheme that selects the transport
 * @param target the scheme-specific rest, never empty
 */
public record TransportAddress(String scheme, String target) {
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /**
   * Creates an address.
   *
   * @throws InvalidAddressException when the scheme is not a valid scheme or the target is empty
   */
  public TransportAddress {
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!SCHEME.matcher(scheme).matches()) {
      throw new InvalidAddressException(scheme + ":" + target, "invalid scheme '" + scheme + "'");
    }
    if (target.isEmpty()) {
      throw new InvalidAddressException(scheme + ":", "nothing after the scheme");
    }
  }

  /**
   * Parses an address string.
   *
   * @param text the address, e.g. {@code unix:/tmp/qmp.sock} or {@code localhost:4444}
   * @return the address
   * @throws InvalidAddressException when the text is not an address
   */
  public static TransportAddress parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidAddressException(text, "empty address");
    }
    if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) {
      return new TransportAddress("unix", s);
    }
    if (s.startsWith("[")) {
      return new TransportAddress("tcp", s);
    }
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new InvalidAddressException(
          text, "expected scheme:target, a path, or host:port (e.g. unix:/path, tcp:host:4444)");
    }
    String head = s.substring(0, colon);
    String rest = s.substring(colon + 1);
    if (DIGITS.matcher(rest).matches()) {
      return new TransportAddress("tcp", s);
    }
    if (head.contains("/")) {
      return new TransportAddress("unix", s);
    }
    return new TransportAddress(head, rest);
  }

  /**
   * Splits the target as {@code host:port} (IPv6 hosts in brackets), for TCP-like schemes.
   *
   * @return the host and port
   * @throws InvalidAddressException when the target is not {@code host:port}
   */
  public HostPort hostPort() {
    return HostPort.parse(this);
  }

  @Override
  public String toString() {
    return scheme + ":" + target;
  }
}
