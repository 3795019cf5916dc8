package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** QEMU as the client: its monitor chardev connects to our listening socket and greets us. */
class QemuServerModeTest {
  @Test
  void qemuConnectsToOurSocketGreetsAndTakesADescriptor() throws Exception {
    QemuProcess.assumeAvailable();
    Path dir = QemuProcess.newTempDir();
    Path socket = dir.resolve("mon.sock");
    Path file = dir.resolve("passed.txt");
    Files.writeString(file, "to qemu");
    TransportListener listener =
        new UnixTransportProvider()
            .listen(TransportAddress.parse("unix:" + socket), TransportOptions.empty());
    CompletableFuture<TransportConnection> accepted = new CompletableFuture<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                accepted.complete(listener.accept());
              } catch (Throwable e) {
                accepted.completeExceptionally(e);
              }
            },
            "qemu-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    // QemuProcess.close removes dir, so the listener closes (and removes its socket) first.
    try (QemuProcess qemu =
            QemuProcess.start(
                dir,
                List.of(
                    "-machine",
                    "none",
                    "-chardev",
                    "socket,id=mon0,path=" + socket + ",server=off",
                    "-mon",
                    "chardev=mon0,mode=control"));
        TransportListener closeFirst = listener;
        RawQmp qmp = new RawQmp(accepted.get(20, TimeUnit.SECONDS));
        FileInputStream passed = new FileInputStream(file.toFile())) {
      JsonNode greeting = qmp.handshake();
      assertTrue(
          greeting.path("QMP").path("version").path("qemu").has("major"), greeting.toString());
      JsonNode got =
          qmp.execute(
              "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"s0\"}}", List.of(passed.getFD()));
      assertTrue(got.has("return"), got.toString());
      assertTrue(qemu.process().isAlive());
    }
    assertFalse(Files.exists(socket), "the listener removed its socket");
  }
}
