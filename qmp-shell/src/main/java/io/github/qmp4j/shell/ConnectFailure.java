package io.github.qmp4j.shell;

import io.github.qmp4j.protocol.ConnectException;

/**
 * Connecting to the target failed. The message names the address and the root cause in a few words:
 * {@code cannot connect to tcp:127.0.0.1:4444: Connection refused}, or for a peer that accepted the
 * connection but did not speak QMP in time, {@code cannot connect to ...: QMP handshake failed:
 * ...}.
 */
final class ConnectFailure extends RuntimeException {
  ConnectFailure(String address, ConnectException cause) {
    super("cannot connect to " + address + ": " + reason(address, cause), cause);
  }

  private static String reason(String address, ConnectException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = root.getClass().getSimpleName();
    }
    // Transports often repeat the address ("Cannot connect to unix:/x: No such file").
    String repeated = "Cannot connect to " + address + ": ";
    int at = message.indexOf(repeated);
    if (at >= 0) {
      message = message.substring(at + repeated.length());
    }
    boolean connected = !e.phase().contains("connection");
    return connected ? "QMP handshake failed: " + message : message;
  }
}
