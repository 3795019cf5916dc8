package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.io.InputStream;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The socket's input, handing descriptors that came with the bytes to {@link ReceivedDescriptors}
 * after every read, so they are kept in arrival order no matter who reads or takes them.
 */
final class DescriptorCollectingInputStream extends InputStream {
  private final InputStream in;
  private final AFUNIXSocket socket;
  private final ReceivedDescriptors received;

  DescriptorCollectingInputStream(
      InputStream in, AFUNIXSocket socket, ReceivedDescriptors received) {
    this.in = in;
    this.socket = socket;
    this.received = received;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    received.collect(socket);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    received.collect(socket);
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
