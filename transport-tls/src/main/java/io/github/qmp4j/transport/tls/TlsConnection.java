package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.transport.tls.HandshakeFailures.Side;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsNoCloseNotifyException;

/**
 * An established TLS session over a TCP channel. One thread may read while another writes. Offers
 * the negotiated {@link SSLSession} (protocol, cipher suite, peer certificates) as a capability.
 *
 * <p>A peer that closes without {@code close_notify} reads as end of stream: QEMU never sends one,
 * and a cut inside a message is still caught by the codec above. Before any data arrived, though,
 * such a close is how QEMU refuses a client certificate (it checks it after the handshake), so then
 * the read fails with a {@link TlsHandshakeException} that says so.
 */
final class TlsConnection implements TransportConnection {
  private final SSLSocket socket;
  private final SocketChannel channel;
  private final Side side;
  private final InputStream input;
  private final OutputStream output;
  private final AtomicInteger writesInProgress = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  TlsConnection(SSLSocket socket, SocketChannel channel, Side side, boolean singleByteRecords)
      throws IOException {
    this.socket = socket;
    this.channel = channel;
    this.side = side;
    this.input = new Input(socket.getInputStream());
    this.output = new Output(socket.getOutputStream(), singleByteRecords);
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public String description() {
    return side.peer();
  }

  @Override
  public <C> Optional<C> capability(Class<C> type) {
    return type == SSLSession.class
        ? Optional.of(type.cast(socket.getSession()))
        : Optional.empty();
  }

  /**
   * Closes the session and the channel. When no write is under way it first sends {@code
   * close_notify}, so the peer reads a clean end of stream; a blocked write would hold the record
   * lock that {@code close_notify} needs, so then the channel is closed at once, which fails that
   * write promptly.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (writesInProgress.get() == 0) {
        socket.close();
      }
    } catch (IOException e) {
      // close_notify is a courtesy; a peer that is already gone cannot get it.
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "TlsConnection[" + side.peer() + "]";
  }

  /** Reads application data, explaining refusals that arrive after the handshake. */
  private final class Input extends FilterInputStream {
    private volatile boolean receivedData;
    private volatile boolean ended;

    Input(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          receivedData = true;
        } else if (n < 0) {
          ended = true;
        }
        return n;
      } catch (TlsFatalAlertReceived e) {
        TlsHandshakeException late = HandshakeFailures.lateRejection(e, side);
        throw late != null ? late : e;
      } catch (TlsNoCloseNotifyException e) {
        if (!receivedData && side.client()) {
          throw HandshakeFailures.closedBeforeData(e, side);
        }
        ended = true;
        return -1;
      }
    }

    @Override
    public void close() throws IOException {
      TlsConnection.this.close();
    }
  }

  /** Writes application data straight through, counting writes under way for close(). */
  private final class Output extends FilterOutputStream {
    private final boolean singleByteRecords;

    Output(OutputStream out, boolean singleByteRecords) {
      super(out);
      this.singleByteRecords = singleByteRecords;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writesInProgress.incrementAndGet();
      try {
        if (singleByteRecords) {
          for (int i = off; i < off + len; i++) {
            out.write(b, i, 1); // one TLS record each; see TlsConfig.Builder.singleByteRecords
          }
        } else {
          out.write(b, off, len);
        }
      } finally {
        writesInProgress.decrementAndGet();
      }
    }

    @Override
    public void close() throws IOException {
      TlsConnection.this.close();
    }
  }
}
