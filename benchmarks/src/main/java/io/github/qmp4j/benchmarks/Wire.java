package io.github.qmp4j.benchmarks;

import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** The bytes under a raw baseline client: a JDK socket channel, or a transport's streams. */
interface Wire extends Closeable {
  void write(byte[] b, int off, int len) throws IOException;

  /** Reads at least one byte; -1 at end of stream. */
  int read(byte[] b, int off, int len) throws IOException;

  /** A plain JDK blocking {@link SocketChannel} on a Unix socket: no library at all. */
  static Wire jdkUnix(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return new ChannelWire(channel);
  }

  /** The streams of a qmp4j transport connection (e.g. {@code memory:}) with no codec on top. */
  static Wire streams(TransportConnection connection) throws IOException {
    return new StreamWire(connection.input(), connection.output(), connection);
  }

  /** Streams of anything else, e.g. a junixsocket socket. */
  static Wire streams(InputStream in, OutputStream out, Closeable owner) {
    return new StreamWire(in, out, owner);
  }

  /** Direct buffers, so the JDK does not copy through a temporary one on every call. */
  final class ChannelWire implements Wire {
    private final SocketChannel channel;
    private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);

    ChannelWire(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > out.capacity()) {
        out = ByteBuffer.allocateDirect(Integer.highestOneBit(len) * 2);
      }
      out.clear();
      out.put(b, off, len).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      in.clear().limit(Math.min(len, in.capacity()));
      int n = channel.read(in);
      if (n > 0) {
        in.flip();
        in.get(b, off, n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Blocking streams. */
  final class StreamWire implements Wire {
    private final InputStream in;
    private final OutputStream out;
    private final Closeable owner;

    StreamWire(InputStream in, OutputStream out, Closeable owner) {
      this.in = in;
      this.out = out;
      this.owner = owner;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      out.flush();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      owner.close();
    }
  }
}
