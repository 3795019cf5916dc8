package io.github.qmp4j.protocol.transport;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import org.slf4j.LoggerFactory;

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

  /**
   * Closes a bare descriptor, such as one from {@link #takeReceived()}: the JDK offers no direct
   * call, but a {@link FileInputStream} wrapped around any descriptor closes it (together with
   * whatever else holds the same {@link FileDescriptor} object). An invalid (closed) descriptor is
   * left alone; {@code close(2)} failing leaves nothing to retry, so it is logged at DEBUG only.
   *
   * @param descriptor the descriptor
   */
  static void close(FileDescriptor descriptor) {
    if (!descriptor.valid()) {
      return;
    }
    try {
      new FileInputStream(descriptor).close();
    } catch (IOException e) {
      LoggerFactory.getLogger(FileDescriptorPassing.class)
          .debug("Closing a file descriptor failed: {}", e.toString());
    }
  }
}
