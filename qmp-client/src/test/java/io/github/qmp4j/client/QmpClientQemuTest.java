package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.testing.QemuProcess;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Commands against one real QEMU 7.2 ({@code -machine none}, QMP on a Unix socket), shared by the
 * tests of this class: none of them changes the VM in a way another test could see.
 */
class QmpClientQemuTest {
  private static QemuProcess qemu;
  private static QmpClient client;

  /** The members of {@code query-status} this test cares about. */
  record Status(String status, boolean running) {}

  @BeforeAll
  static void start() throws Exception {
    qemu = Qemu.start();
    client = Qemu.connect(qemu, Qemu.builder().name("qemu-test"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (qemu != null) {
        qemu.close();
      }
    }
  }

  @Test
  void theGreetingIsTypedAndOobIsNegotiatedOnAUnixMonitor() {
    Greeting g = client.greeting().orElseThrow();
    assertEquals(7, g.version().major());
    assertEquals(2, g.version().minor());
    assertTrue(g.version().isAtLeast(7, 2));
    assertTrue(g.offers("oob"));
    assertTrue(client.isOobEnabled());
  }

  @Test
  void queryVersionStatusAndCommands() throws Exception {
    JsonNode version = client.execute("query-version");
    assertEquals(7, version.at("/qemu/major").asInt());
    Status status = client.execute("query-status", null, Status.class);
    assertTrue(status.running());
    assertEquals("running", status.status());
    JsonNode commands = client.execute("query-commands");
    Set<String> names = new HashSet<>();
    commands.forEach(c -> names.add(c.get("name").asString()));
    assertTrue(names.containsAll(List.of("query-status", "qmp_capabilities", "getfd", "add-fd")));
  }

  @Test
  void theWholeQmpSchemaIsParsed() throws Exception {
    JsonNode schema = client.execute("query-qmp-schema");
    assertTrue(schema.isArray());
    assertTrue(schema.toString().length() > 64 * 1024, "far over 64 KiB");
    boolean found = false;
    for (JsonNode entry : schema) {
      found |= "query-status".equals(entry.path("name").asString(""));
    }
    assertTrue(found, "the schema lists query-status");
  }

  @Test
  void anUnknownCommandIsCommandNotFound() {
    QmpErrorResponseException e =
        assertThrows(QmpErrorResponseException.class, () -> client.execute("no-such-command"));
    assertEquals("CommandNotFound", e.errorClass());
    assertTrue(e.desc().contains("no-such-command"), e.desc());
    assertEquals("no-such-command", e.command().command());
  }

  @Test
  void badArgumentsAreAGenericError() {
    QmpErrorResponseException e =
        assertThrows(
            QmpErrorResponseException.class,
            () -> client.execute("query-status", Map.of("bogus", 1)));
    assertEquals("GenericError", e.errorClass());
    assertTrue(e.desc().contains("bogus"), e.desc());
  }

  @Test
  void aHundredConcurrentCommandsFromSeveralThreadsAreAllAnswered() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        boolean sync = i % 2 == 0;
        results.add(
            pool.submit(
                () -> {
                  JsonNode v =
                      sync
                          ? client.execute("query-version")
                          : client.executeAsync("query-version").get(20, TimeUnit.SECONDS);
                  return v.at("/qemu/major").asInt();
                }));
      }
      for (Future<Integer> f : results) {
        assertEquals(7, f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void execOobIsAcceptedOnAnOobMonitor() {
    // migrate-pause is allowed out of band; without a migration QEMU refuses it, but as a command
    // it understood, not as "member 'exec-oob' is unexpected".
    QmpErrorResponseException e =
        assertThrows(
            QmpErrorResponseException.class, () -> client.executeOob("migrate-pause", null));
    assertTrue(e.command().isOob());
    assertTrue(e.desc().contains("postcopy"), e.desc());
  }

  @Test
  void hmpInfoVersion() throws Exception {
    assertTrue(client.hmp("info version").startsWith("7.2"));
  }

  @Test
  void rawMessagesInAndOut() throws Exception {
    Message reply = client.executeRaw(Message.parse("{\"execute\":\"query-status\",\"id\":[1,2]}"));
    assertEquals("[1,2]", reply.id().toString());
    assertEquals("running", reply.returnValue().get("status").asString());
    Message error = client.executeRaw(Message.command("nope", null).withId("raw-1"));
    assertEquals(Message.Kind.ERROR, error.kind());
    assertEquals("CommandNotFound", error.errorClass());
  }

  @Test
  void getfdAndClosefdWithARealDescriptor() throws Exception {
    Path file = Files.createTempFile(qemu.dir(), "fd", ".txt");
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      client.execute(QmpCommand.of("getfd").argument("fdname", "fd-a").descriptors(in.getFD()));
    }
    client.execute("closefd", Map.of("fdname", "fd-a"));
    QmpErrorResponseException again =
        assertThrows(
            QmpErrorResponseException.class,
            () -> client.execute("closefd", Map.of("fdname", "fd-a")));
    assertEquals("GenericError", again.errorClass());
  }

  @Test
  void addFdAndQueryFdsetsWithARealDescriptor() throws Exception {
    Path file = Files.createTempFile(qemu.dir(), "fdset", ".txt");
    JsonNode added;
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      added =
          client.execute("add-fd", Map.of("fdset-id", 7, "opaque", "qmp4j"), List.of(in.getFD()));
    }
    assertEquals(7, added.get("fdset-id").asInt());
    int fd = added.get("fd").asInt();
    JsonNode fdsets = client.execute("query-fdsets");
    boolean found = false;
    for (JsonNode set : fdsets) {
      if (set.get("fdset-id").asInt() == 7) {
        for (JsonNode f : set.get("fds")) {
          found |= f.get("fd").asInt() == fd && "qmp4j".equals(f.path("opaque").asString(""));
        }
      }
    }
    assertTrue(found, "query-fdsets lists the descriptor: " + fdsets);
    client.execute("remove-fd", Map.of("fdset-id", 7));
  }

  @Test
  void asyncAndBlockingStylesAgree() throws Exception {
    CompletableFuture<Status> async = client.executeAsync("query-status", null, Status.class);
    Status sync = client.execute("query-status", null, Status.class);
    assertEquals(sync, async.get(20, TimeUnit.SECONDS));
    assertFalse(client.isReconnecting());
  }
}
