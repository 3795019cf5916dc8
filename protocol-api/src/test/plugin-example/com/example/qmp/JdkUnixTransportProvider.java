package com.example.qmp;

import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An example third-party transport, {@code jdkunix:/path}: Unix sockets through the JDK's own
 * SocketChannel (Java 16+), no native library and no file-descriptor passing. It is registered
 * only in META-INF/services and lives outside qmp4j's modules.
 */
public final class JdkUnixTransportProvider extends TransportProvider {
  @Override
  public String scheme() {
    return "jdkunix";
  }

  @Override
  public TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout) throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address.target()));
    return connection(channel, address.toString());
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    Path path = Path.of(address.target());
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    return new TransportListener() {
      @Override
      public TransportConnection accept() throws IOException {
        return connection(server.accept(), "jdkunix peer");
      }

      @Override
      public TransportAddress localAddress() {
        return address;
      }

      @Override
      public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
      }
    };
  }

  private static TransportConnection connection(SocketChannel channel, String description) {
    // Unix-domain SocketChannels have no socket adaptor, and the streams of
    // java.nio.channels.Channels serialise reads and writes on one lock; these call the channel
    // directly so that one thread can read while another writes.
    InputStream in =
        new InputStream() {
          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
          }
        };
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          }
        };
    return new TransportConnection() {
      @Override
      public InputStream input() {
        return in;
      }

      @Override
      public OutputStream output() {
        return out;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
