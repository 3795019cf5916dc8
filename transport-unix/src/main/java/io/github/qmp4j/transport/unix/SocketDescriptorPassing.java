package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.List;
import org.newsclub.net.unix.AFUNIXSocket;

/** {@link FileDescriptorPassing} over one junixsocket connection (SCM_RIGHTS). */
final class SocketDescriptorPassing implements FileDescriptorPassing {
  private final AFUNIXSocket socket;
  private final ReceivedDescriptors received;

  SocketDescriptorPassing(AFUNIXSocket socket, ReceivedDescriptors received) {
    this.socket = socket;
    this.received = received;
  }

  @Override
  public void attachToNextWrite(List<FileDescriptor> descriptors) throws IOException {
    FileDescriptor[] array = descriptors.toArray(new FileDescriptor[0]);
    for (FileDescriptor d : array) {
      if (!d.valid()) {
        throw new IOException("Cannot attach a file descriptor that is not open");
      }
    }
    // junixsocket sends these with the next write and then forgets them; an empty array clears
    // anything attached earlier.
    socket.setOutboundFileDescriptors(array);
  }

  @Override
  public List<FileDescriptor> takeReceived() {
    return received.take();
  }
}
