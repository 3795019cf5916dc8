/**
 * qmp4j's protocol engine, message-codec SPI and transport SPI, with the in-memory transport. Knows
 * no QMP and no concrete socket transport.
 */
module io.github.qmp4j.protocol {
  requires transitive org.slf4j;
  requires static transitive org.jspecify;

  exports io.github.qmp4j.protocol;
  exports io.github.qmp4j.protocol.codec;
  exports io.github.qmp4j.protocol.transport;

  uses io.github.qmp4j.protocol.transport.TransportProvider;

  provides io.github.qmp4j.protocol.transport.TransportProvider with
      io.github.qmp4j.protocol.transport.memory.MemoryTransportProvider;
}
