package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal QMP peer for tests, straight on a transport connection: raw JSON out, QEMU's
 * newline-terminated JSON in, read by one thread into a queue so every wait has a deadline.
 */
final class RawQmp implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TransportConnection connection;
  private final BlockingQueue<Optional<JsonNode>> inbox = new LinkedBlockingQueue<>();

  RawQmp(TransportConnection connection) {
    this.connection = connection;
    Thread reader = new Thread(this::readLines, "raw-qmp-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(connection.input(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          inbox.add(Optional.of(JSON.readTree(line)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the connection closed; the empty marker below tells the waiting test
    } finally {
      inbox.add(Optional.empty());
    }
  }

  /** Takes the next message, failing if none comes in time or the peer hung up. */
  JsonNode next() throws InterruptedException {
    Optional<JsonNode> message = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("No QMP message within " + TIMEOUT);
    }
    return message.orElseThrow(() -> new AssertionError("The peer closed the connection"));
  }

  /** Reads the greeting and negotiates capabilities; returns the greeting. */
  JsonNode handshake() throws IOException, InterruptedException {
    JsonNode greeting = next();
    assertTrue(greeting.has("QMP"), "not a greeting: " + greeting);
    JsonNode reply = execute("{\"execute\":\"qmp_capabilities\"}");
    assertTrue(reply.has("return"), "negotiation failed: " + reply);
    return greeting;
  }

  /** Sends a command and returns its reply, skipping events. */
  JsonNode execute(String command) throws IOException, InterruptedException {
    return execute(command, List.of());
  }

  /** Sends a command with descriptors attached to its own bytes, and returns its reply. */
  JsonNode execute(String command, List<FileDescriptor> descriptors)
      throws IOException, InterruptedException {
    if (!descriptors.isEmpty()) {
      UnixPair.passing(connection).attachToNextWrite(descriptors);
    }
    connection.output().write(command.getBytes(StandardCharsets.UTF_8)); // one write
    while (true) {
      JsonNode message = next();
      if (!message.has("event")) {
        return message;
      }
    }
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
