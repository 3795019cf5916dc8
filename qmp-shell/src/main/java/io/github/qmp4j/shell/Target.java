package io.github.qmp4j.shell;

import io.github.qmp4j.protocol.transport.TransportAddress;
import org.jspecify.annotations.Nullable;

/**
 * What the tool talks to: the address from {@code -a}, else from {@code QMP_SOCKET} (as {@code
 * qmp-shell} reads it), else the embedded fake QEMU ({@link #address()} is then {@code null}).
 *
 * @param address the parsed address, or {@code null} for the embedded fake
 * @param source where it came from, for messages: {@code -a}, {@code QMP_SOCKET} or {@code embedded
 *     fake}
 */
record Target(@Nullable TransportAddress address, String source) {
  static final String ENV = "QMP_SOCKET";

  /**
   * Chooses the target.
   *
   * @param option the {@code -a} value, or {@code null}
   * @param io for the environment
   * @return the target
   * @throws io.github.qmp4j.protocol.transport.InvalidAddressException for a malformed address
   */
  static Target resolve(@Nullable String option, Io io) {
    if (option != null && !option.isBlank()) {
      return new Target(parse(option), "-a");
    }
    String env = io.env(ENV);
    if (env != null) {
      return new Target(parse(env), ENV);
    }
    return new Target(null, "embedded fake");
  }

  /**
   * Parses an address in QEMU's syntax, and like {@code qmp-shell} reads a word without a colon as
   * the path of a Unix socket ({@code qmp.sock}).
   */
  static TransportAddress parse(String text) {
    String s = text.strip();
    if (!s.isEmpty() && s.indexOf(':') < 0) {
      return new TransportAddress("unix", s);
    }
    return TransportAddress.parse(s);
  }
}
