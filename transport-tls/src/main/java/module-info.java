/**
 * The {@code tls:host:port} transport for qmp4j: TLS over TCP through BouncyCastle's JSSE provider,
 * used as an instance and never installed in {@link java.security.Security}.
 */
module io.github.qmp4j.transport.tls {
  requires transitive io.github.qmp4j.protocol;
  requires org.bouncycastle.tls;
  requires org.bouncycastle.provider;

  exports io.github.qmp4j.transport.tls;

  provides io.github.qmp4j.protocol.transport.TransportProvider with
      io.github.qmp4j.transport.tls.TlsTransportProvider;
}
