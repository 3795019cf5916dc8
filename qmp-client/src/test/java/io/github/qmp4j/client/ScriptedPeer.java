package io.github.qmp4j.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A QMP peer on a real socket (TCP, or a Unix socket through junixsocket) that writes exactly the
 * bytes a test scripts, for the faults QEMU cannot produce on demand. It reads the client's
 * requests line by line (the client writes one compact JSON object per line).
 */
final class ScriptedPeer implements AutoCloseable {
  static final String GREETING_OOB =
      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
          + " \"package\": \"scripted\"}, \"capabilities\": [\"oob\"]}}";
  static final String GREETING_PLAIN =
      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
          + " \"package\": \"scripted\"}, \"capabilities\": []}}";

  private static final JsonMapper JSON = JsonMapper.shared();

  private static final ThreadFactory WRITER_THREADS =
      r -> {
        Thread t = new Thread(r, "scripted-peer-writer");
        t.setDaemon(true);
        return t;
      };

  private final ServerSocket server;
  private final String address;
  private final @Nullable Path socketDir;
  private final ScheduledExecutorService writers =
      Executors.newSingleThreadScheduledExecutor(WRITER_THREADS);
  private Socket socket;
  private BufferedReader in;
  private volatile OutputStream out;

  private ScriptedPeer(ServerSocket server, String address, @Nullable Path socketDir) {
    this.server = server;
    this.address = address;
    this.socketDir = socketDir;
  }

  /** Listens on a TCP port of the loopback interface. */
  static ScriptedPeer start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new ScriptedPeer(s, "tcp:127.0.0.1:" + s.getLocalPort(), null);
  }

  /** Listens on a Unix socket in a fresh private directory. */
  static ScriptedPeer startUnix() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "qmp4j-peer-");
    Path path = dir.resolve("qmp.sock");
    AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
    s.bind(AFUNIXSocketAddress.of(path));
    return new ScriptedPeer(s, "unix:" + path, dir);
  }

  String address() {
    return address;
  }

  /** Waits for the client to connect (again); a previous connection is closed first. */
  void accept() throws IOException {
    if (socket != null) {
      socket.close();
    }
    server.setSoTimeout(10_000);
    Socket s = server.accept();
    s.setSoTimeout(10_000);
    if (socketDir == null) {
      s.setTcpNoDelay(true);
    }
    socket = s;
    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    out = s.getOutputStream();
  }

  /** Writes raw bytes. */
  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Writes raw bytes, which need not be valid UTF-8. */
  void sendBytes(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  /**
   * Writes one byte per {@code interval} on a background thread, as a peer that is alive but slow
   * (a stopped or overloaded QEMU in the middle of a reply). Stops at the end, when the client
   * closes the connection, or when the peer is closed.
   */
  void dribble(String raw, Duration interval) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    OutputStream target = out;
    int[] next = {0};
    writers.scheduleAtFixedRate(
        () -> {
          if (next[0] == bytes.length) {
            throw new IllegalStateException("done"); // ends the periodic task
          }
          try {
            target.write(bytes[next[0]++]);
            target.flush();
          } catch (IOException e) {
            throw new IllegalStateException("the client went away", e);
          }
        },
        0,
        interval.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /**
   * Starts a message and then writes the same byte without end on a background thread, as a peer
   * gone mad, until the client closes the connection or the peer is closed.
   */
  void sendEndlessly(String start, byte filler) {
    OutputStream target = out;
    byte[] chunk = new byte[4096];
    java.util.Arrays.fill(chunk, filler);
    writers.execute(
        () -> {
          try {
            target.write(start.getBytes(StandardCharsets.UTF_8));
            while (!Thread.currentThread().isInterrupted()) {
              target.write(chunk);
            }
          } catch (IOException e) {
            // the client stopped reading and closed the connection: done
          }
        });
  }

  /** Writes one message and a newline. */
  void sendLine(String json) throws IOException {
    send(json + "\r\n");
  }

  /** Reads the next request the client sent. */
  JsonNode takeRequest() throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IOException("The client closed the connection");
    }
    return JSON.readTree(line);
  }

  /** Tells whether a request arrives within the time; for "nothing was sent" checks. */
  boolean requestArrivesWithin(Duration wait) throws IOException {
    int old = socket.getSoTimeout();
    socket.setSoTimeout((int) wait.toMillis());
    try {
      return in.readLine() != null;
    } catch (SocketTimeoutException e) {
      return false;
    } finally {
      socket.setSoTimeout(old);
    }
  }

  /** Answers a request with a return value. */
  void reply(JsonNode request, String returnJson) throws IOException {
    sendLine("{\"return\": " + returnJson + ", \"id\": " + request.get("id") + "}");
  }

  /** Answers a request with an error. */
  void replyError(JsonNode request, String errorClass, String desc) throws IOException {
    sendLine(
        "{\"id\": "
            + request.get("id")
            + ", \"error\": {\"class\": \""
            + errorClass
            + "\", \"desc\": \""
            + desc
            + "\"}}");
  }

  /** Sends an event. */
  void event(String name, String dataJson) throws IOException {
    sendLine(
        "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 250}, \"event\": \""
            + name
            + "\", \"data\": "
            + dataJson
            + "}");
  }

  /** Accepts, greets, and answers qmp_capabilities; returns the negotiation request. */
  JsonNode handshake(String greeting) throws IOException {
    accept();
    sendLine(greeting);
    JsonNode negotiation = takeRequest();
    sendLine("{\"return\": {}}");
    return negotiation;
  }

  /** Closes the current connection; the listening socket stays open. */
  void dropConnection() throws IOException {
    socket.close();
  }

  /** Closes everything and waits for the background writers to stop. */
  @Override
  public void close() throws IOException {
    writers.shutdownNow();
    if (socket != null) {
      socket.close();
    }
    server.close();
    try {
      if (!writers.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IOException("a scripted writer did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (socketDir != null) {
      Files.deleteIfExists(socketDir.resolve("qmp.sock"));
      Files.deleteIfExists(socketDir);
    }
  }
}
