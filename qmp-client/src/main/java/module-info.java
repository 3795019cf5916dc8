/**
 * The qmp4j QMP client: greeting, negotiation, commands, OOB, events, file-descriptor passing and
 * reconnecting, on top of the protocol engine. Transports are found by {@link
 * java.util.ServiceLoader} through the engine's registry; add a transport module (unix, tcp, tls)
 * to the path.
 */
module io.github.qmp4j.client {
  requires transitive io.github.qmp4j.protocol;
  requires transitive tools.jackson.databind;
  requires static org.jspecify;

  exports io.github.qmp4j.client;

  uses io.github.qmp4j.protocol.transport.TransportProvider;
}
