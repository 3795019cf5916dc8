/** The {@code tcp:host:port} transport for qmp4j. */
module io.github.qmp4j.transport.tcp {
  requires transitive io.github.qmp4j.protocol;

  exports io.github.qmp4j.transport.tcp;

  provides io.github.qmp4j.protocol.transport.TransportProvider with
      io.github.qmp4j.transport.tcp.TcpTransportProvider;
}
