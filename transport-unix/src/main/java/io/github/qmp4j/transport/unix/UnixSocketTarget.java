package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.InvalidAddressException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * What a {@code unix:} address names: a socket file ({@code unix:/run/qmp.sock}, {@code
 * unix:~/qmp.sock}) or a name in Linux's abstract namespace ({@code unix:@qmp}).
 *
 * @param address the address as given
 * @param path the socket file, or {@code null} for an abstract name
 * @param abstractName the abstract name without the {@code @}, or {@code null} for a file
 */
record UnixSocketTarget(
    TransportAddress address, @Nullable Path path, @Nullable String abstractName) {
  /**
   * The longest socket path in bytes: {@code sun_path} holds 108 including the terminating NUL
   * (QEMU enforces the same), and an abstract name shares it with its leading NUL.
   */
  static final int MAX_PATH_BYTES = 107;

  /**
   * Reads an address.
   *
   * @throws InvalidAddressException when the target is empty, too long for a socket address, or an
   *     unsupported {@code ~user} path
   */
  static UnixSocketTarget parse(TransportAddress address) {
    String target = address.target();
    if (target.startsWith("@")) {
      String name = target.substring(1);
      if (name.isEmpty()) {
        throw new InvalidAddressException(address.toString(), "empty abstract socket name");
      }
      checkLength(address, name, "abstract socket name");
      return new UnixSocketTarget(address, null, name);
    }
    String expanded = expandHome(address, target);
    checkLength(address, expanded, "socket path");
    return new UnixSocketTarget(address, Path.of(expanded), null);
  }

  private static String expandHome(TransportAddress address, String target) {
    if (!target.startsWith("~")) {
      return target;
    }
    if (!target.equals("~") && !target.startsWith("~/")) {
      throw new InvalidAddressException(
          address.toString(), "'~user' paths are not supported; write the path out");
    }
    return System.getProperty("user.home") + target.substring(1);
  }

  private static void checkLength(TransportAddress address, String name, String what) {
    int bytes = name.getBytes(charset()).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new InvalidAddressException(
          address.toString(),
          what
              + " is "
              + bytes
              + " bytes, but a Unix socket address holds at most "
              + MAX_PATH_BYTES
              + " (sun_path); use a shorter path, for example under /tmp or /run");
    }
  }

  static Charset charset() {
    return AFUNIXSocketAddress.addressCharset();
  }

  /** Tells whether a path fits in a socket address. */
  static boolean fits(Path path) {
    return path.toString().getBytes(charset()).length <= MAX_PATH_BYTES;
  }

  /** Returns junixsocket's address for this target. */
  AFUNIXSocketAddress socketAddress() throws SocketException {
    String name = abstractName;
    if (name != null) {
      return AFUNIXSocketAddress.inAbstractNamespace(name);
    }
    return AFUNIXSocketAddress.of(requirePath());
  }

  Path requirePath() {
    Path p = path;
    if (p == null) {
      throw new IllegalStateException("not a socket file: " + address);
    }
    return p;
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
