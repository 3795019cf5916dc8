package io.github.qmp4j.protocol.transport;

import java.io.FileDescriptor;
import java.io.IOException;
import java.util.List;

/**
 * The capability of sending and receiving open file descriptors with the bytes (SCM_RIGHTS on a
 * Unix socket). Probe it with {@link TransportConnection#capability(Class)}.
 *
 * <p>Descriptors received and never taken are closed when the connection closes.
 */
public interface FileDescriptorPassing {
  /**
   * Attaches descriptors to the next write on the connection's output, so that they travel with
   * exactly those bytes. Call it from the thread that then writes.
   *
   * @param descriptors the open descriptors; the caller keeps ownership and may close them once the
   *     write returned
   * @throws IOException when the descriptors cannot be attached
   */
  void attachToNextWrite(List<FileDescriptor> descriptors) throws IOException;

  /**
   * Takes the descriptors that have arrived with inbound bytes so far and were not taken yet. The
   * caller owns them from now on and must close them.
   *
   * @return the descriptors in arrival order, possibly empty
   */
  List<FileDescriptor> takeReceived();
}
