/**
 * qmp4j's fake QEMU: a wire-level QMP server for unit tests, scripted from Java or from a JSON
 * file, over any qmp4j transport, with an optional JUnit 5 extension. Transports are found by
 * {@link java.util.ServiceLoader} through the engine's registry.
 */
module io.github.qmp4j.fake {
  requires transitive io.github.qmp4j.protocol;
  requires transitive tools.jackson.databind;
  requires static org.jspecify;
  requires static transitive org.junit.jupiter.api;

  exports io.github.qmp4j.fake;
  exports io.github.qmp4j.fake.junit;

  uses io.github.qmp4j.protocol.transport.TransportProvider;
}
