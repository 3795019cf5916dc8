package io.github.qmp4j.fake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's downstream example: a small piece of a VM manager that restarts a VM through QMP,
 * written without qmp4j (a plain socket and Jackson), as a project under test would be.
 */
final class VmRestarter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String host;
  private final int port;

  VmRestarter(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Resets the VM and makes sure it runs afterwards.
   *
   * @return whether the VM had to be resumed
   * @throws IOException when QEMU refuses or goes away
   */
  boolean restart() throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      in.readLine(); // greeting
      execute(in, out, "qmp_capabilities");
      boolean running = execute(in, out, "query-status").get("running").asBoolean();
      execute(in, out, "system_reset");
      if (!running) {
        execute(in, out, "cont");
      }
      return !running;
    }
  }

  private static JsonNode execute(BufferedReader in, OutputStream out, String command)
      throws IOException {
    out.write(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8));
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("QEMU closed the connection during " + command);
      }
      JsonNode reply = JSON.readTree(line);
      if (reply.has("error")) {
        throw new IOException(command + " failed: " + reply.get("error").get("desc").asString());
      }
      if (reply.has("return")) {
        return reply.get("return");
      }
    }
  }
}
