package io.github.qmp4j.client;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.testing.QemuProcess;
import java.io.IOException;
import java.time.Duration;

/** Starting QEMU for client tests: a QMP monitor on a Unix socket in a fresh directory. */
final class Qemu {
  private Qemu() {}

  /** Starts QEMU with {@code -qmp unix:DIR/qmp.sock,server=on,wait=off} and the extra arguments. */
  static QemuProcess start(String... extra) throws IOException {
    return QemuProcess.startWithUnixMonitor(extra);
  }

  static String address(QemuProcess qemu) {
    return "unix:" + qemu.qmpSocket();
  }

  /** A connected client with short timeouts, for a test. */
  static QmpClient connect(QemuProcess qemu, QmpClientBuilder builder) throws InterruptedException {
    QmpClient client = builder.build();
    connect(client, address(qemu));
    return client;
  }

  /**
   * Connects, retrying while the socket is refused: QEMU creates the socket file with bind() a
   * moment before it listen()s.
   */
  static void connect(QmpClient client, String address) throws InterruptedException {
    ConnectException[] last = new ConnectException[1];
    try {
      Eventually.waitFor(
          "QEMU to accept on " + address,
          Duration.ofSeconds(20),
          () -> {
            try {
              client.connect(address);
              return true;
            } catch (ConnectException e) {
              if (!String.valueOf(e.getMessage()).contains("refused")) {
                throw e;
              }
              last[0] = e;
              return false;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
    } catch (AssertionError e) {
      if (last[0] != null) {
        e.addSuppressed(last[0]);
      }
      throw e;
    }
  }

  static QmpClientBuilder builder() {
    return QmpClient.builder()
        .connectTimeout(Duration.ofSeconds(20))
        .commandTimeout(Duration.ofSeconds(20));
  }
}
