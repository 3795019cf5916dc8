package io.github.qmp4j.transport.tls;

import io.github.qmp4j.protocol.transport.HostPort;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportProvider;
import io.github.qmp4j.transport.tls.HandshakeFailures.Side;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * The {@code tls:host:port} transport: TLS over TCP through BouncyCastle's JSSE provider, as QEMU's
 * {@code -chardev socket,...,tls-creds=ID} expects. Settings come from the {@link TlsConfig} under
 * {@link TlsTransportOptions#CONFIG}, or {@link TlsConfig#defaults()}.
 *
 * <p>{@link #connect} connects and completes the handshake within its timeout, so an untrusted
 * certificate, a host-name mismatch or an expired certificate fails it with a {@link
 * TlsHandshakeException} (through the engine: a {@link io.github.qmp4j.protocol.ConnectException}
 * in the "Failed to establish connection" phase). A listener's {@link TransportListener#accept()}
 * completes the server side of the handshake within {@link TlsConfig#handshakeTimeout()} and throws
 * the same way; {@link #listen} fails with {@link TlsConfigException} when the settings have no
 * server certificate.
 */
public final class TlsTransportProvider extends TransportProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public TlsTransportProvider() {}

  @Override
  public String scheme() {
    return "tls";
  }

  @Override
  public TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TlsConfig config = options.get(TlsTransportOptions.CONFIG).orElseGet(TlsConfig::defaults);
    HostPort hostPort = address.hostPort();
    InetSocketAddress target = resolve(hostPort);
    Side side = new Side(address.toString(), true, config.hasIdentity());
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.socket().connect(target, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 1));
      TlsHandshake.warnIfInsecure(config, side.peer());
      SSLSocket socket =
          TlsHandshake.client(config, channel.socket(), hostPort.host(), hostPort.port());
      TlsHandshake.complete(socket, channel, Duration.ofNanos(deadline - System.nanoTime()), side);
      return new TlsConnection(socket, channel, side, config.singleByteRecords());
    } catch (IOException | InterruptedException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException {
    TlsConfig config = options.get(TlsTransportOptions.CONFIG).orElseGet(TlsConfig::defaults);
    if (!config.hasIdentity()) {
      throw new TlsConfigException(
          "A TLS server needs a certificate and private key: set"
              + " TlsConfig.Builder.identityPem(server-cert.pem, server-key.pem)"
              + " under TlsTransportOptions.CONFIG",
          null);
    }
    HostPort hostPort = address.hostPort();
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(resolve(hostPort));
      return new TlsListener(channel, hostPort.host(), config);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static InetSocketAddress resolve(HostPort hostPort) throws UnknownHostException {
    InetSocketAddress resolved = new InetSocketAddress(hostPort.host(), hostPort.port());
    if (resolved.isUnresolved()) {
      throw new UnknownHostException("Unknown host: " + hostPort.host());
    }
    return resolved;
  }
}
