package io.github.qmp4j.transport.unix;

import java.io.IOException;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Makes the socket a listener accepts on: a second junixsocket socket on the bound socket's own
 * descriptor, which the bound socket keeps owning. Close the acceptor first (that wakes a waiting
 * accept), then the bound socket (that closes the descriptor).
 *
 * <p>Why not accept on the bound socket itself (junixsocket 2.10.1):
 *
 * <ul>
 *   <li>Its accept checks that the path the socket was bound to still leads to it and closes the
 *       server when it does not; {@link SocketFileBinder} binds at a private path that is gone once
 *       the socket is linked into place. A socket made from a descriptor has no path to check.
 *   <li>Closing a bound server socket while an accept waits makes junixsocket wake that accept by
 *       connecting a new socket to the server's own address, from another thread. That connect
 *       often fails, as the listening socket is shut down by then (ECONNREFUSED, seen for abstract
 *       names and for paths bound in place), and junixsocket then never closes the new socket: one
 *       leaked descriptor per such close. A socket made from a descriptor only shuts the listening
 *       socket down on close, which on Linux wakes the accept by itself; the bound socket, having
 *       no accept of its own waiting, then closes without that detour.
 * </ul>
 *
 * <p>Why the same descriptor and not a duplicate: junixsocket never closes the descriptor of a
 * socket made through {@link FileDescriptorCast}; it leaves that to whoever supplied it. A
 * duplicate, as used before, stayed open after close, one per listener on a path (a soak saw {@code
 * /proc/self/fd} grow by one with each). Sharing the bound socket's {@link java.io.FileDescriptor}
 * object leaves a single descriptor, which closing the bound socket closes and marks invalid, so
 * the acceptor cannot reach the number once it is reused.
 */
final class SharedDescriptorAcceptor {
  private SharedDescriptorAcceptor() {}

  /**
   * Returns a socket that accepts on {@code bound}'s descriptor and never closes it.
   *
   * @throws IOException when junixsocket cannot make the socket; {@code bound} is left open
   */
  static AFUNIXServerSocket on(AFUNIXServerSocket bound) throws IOException {
    AFUNIXServerSocket acceptor =
        FileDescriptorCast.using(bound.getFileDescriptor()).as(AFUNIXServerSocket.class);
    acceptor.setDeleteOnClose(false); // the bound socket's SocketFile decides about the file
    return acceptor;
  }
}
