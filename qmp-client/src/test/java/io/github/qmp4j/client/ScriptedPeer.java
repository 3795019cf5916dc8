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
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A QMP peer on a real TCP socket that writes exactly the bytes a test scripts, for the faults QEMU
 * cannot produce on demand. It reads the client's requests line by line (the client writes one
 * compact JSON object per line).
 */
final class ScriptedPeer implements AutoCloseable {
  static final String GREETING_OOB =
      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
          + " \"package\": \"scripted\"}, \"capabilities\": [\"oob\"]}}";
  static final String GREETING_PLAIN =
      "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
          + " \"package\": \"scripted\"}, \"capabilities\": []}}";

  private static final JsonMapper JSON = JsonMapper.shared();

  private final ServerSocket server;
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  private ScriptedPeer(ServerSocket server) {
    this.server = server;
  }

  static ScriptedPeer start() throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new ScriptedPeer(s);
  }

  String address() {
    return "tcp:127.0.0.1:" + server.getLocalPort();
  }

  /** Waits for the client to connect (again). */
  void accept() throws IOException {
    server.setSoTimeout(10_000);
    Socket s = server.accept();
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    socket = s;
    in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    out = s.getOutputStream();
  }

  /** Writes raw bytes. */
  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
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

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    server.close();
  }
}
