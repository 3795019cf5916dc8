/**
 * The {@code unix:/path} transport for qmp4j: Unix domain sockets through junixsocket, client and
 * server, with file-descriptor passing.
 */
module io.github.qmp4j.transport.unix {
  requires transitive io.github.qmp4j.protocol;
  requires org.newsclub.net.unix;
  // Nothing refers to this module's classes at compile time: junixsocket finds its native library
  // in it by name at run time, which on the module path works only if the module is resolved.
  requires com.kohlschutter.junixsocket.nativecommon;

  exports io.github.qmp4j.transport.unix;

  provides io.github.qmp4j.protocol.transport.TransportProvider with
      io.github.qmp4j.transport.unix.UnixTransportProvider;
}
