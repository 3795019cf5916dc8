package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.conformance.AbstractTransportTest;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class UnixTransportTest extends AbstractTransportTest {
  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  @Override
  protected TransportProvider provider() {
    return new UnixTransportProvider();
  }

  @Override
  protected TransportAddress listenAddress() throws IOException {
    return TransportAddress.parse("unix:" + dirs.newDir().resolve("s.sock"));
  }

  @Override
  protected TransportAddress refusedAddress() throws IOException {
    return TransportAddress.parse("unix:" + dirs.newDir().resolve("nobody.sock"));
  }

  @Override
  protected List<String> addressExamples() {
    return List.of(
        "unix:/run/qemu/qmp.sock", "/tmp/qmp.sock", "./qmp.sock", "~/qmp.sock", "unix:@qmp4j");
  }
}
