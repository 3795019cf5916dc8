package io.github.qmp4j.protocol.transport.memory;

import io.github.qmp4j.protocol.conformance.AbstractTransportTest;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.util.List;

class MemoryTransportTest extends AbstractTransportTest {
  @Override
  protected TransportProvider provider() {
    return new MemoryTransportProvider();
  }

  @Override
  protected TransportAddress listenAddress() {
    return TransportAddress.parse("memory:*");
  }

  @Override
  protected TransportAddress refusedAddress() {
    return TransportAddress.parse("memory:nobody-listens-here");
  }

  @Override
  protected List<String> addressExamples() {
    return List.of("memory:vm1", "memory:*");
  }
}
