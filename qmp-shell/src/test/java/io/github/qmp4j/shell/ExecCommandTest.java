package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.Fault;
import io.github.qmp4j.fake.ReceivedCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code qmp4j exec} against the fake: the reply on stdout, the exit code of each failure class,
 * the arguments as they reach the server.
 */
class ExecCommandTest {
  private static final Duration TAKE = Duration.ofSeconds(5);

  private final FakeQmpServer fake = new FakeQmpServer();
  private String address = "";

  @BeforeEach
  void start() throws IOException {
    address = fake.start().toString();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void printsTheReturnValueAsJsonAndExitsZero() {
    Tool.Result r = Tool.run("exec", "-a", address, "query-status");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"status\":\"running\",\"singlestep\":false,\"running\":true}\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void prettyIndents() {
    Tool.Result r = Tool.run("exec", "-a", address, "--pretty", "query-status");
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        "{\n  \"status\": \"running\",\n  \"singlestep\": false,\n  \"running\": true\n}\n",
        r.out());
  }

  @Test
  void argumentsUseQmpShellSyntax() throws Exception {
    fake.on("x-test").returns(Map.of());
    Tool.Result r =
        Tool.run(
            "exec",
            "-a",
            address,
            "x-test",
            "a.b=1",
            "a.c=true",
            "s=drive0",
            "l=[1,2]",
            "command-line=info version",
            "q=\"1\"");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{}\n", r.out());
    ReceivedCommand c = fake.takeCommand(TAKE);
    assertEquals(
        "{\"a\":{\"b\":1,\"c\":true},\"s\":\"drive0\",\"l\":[1,2],"
            + "\"command-line\":\"info version\",\"q\":\"1\"}",
        c.arguments().toString());
  }

  @Test
  void jsonArgumentsAreExtendedByKeyValues() throws Exception {
    fake.on("x-test").returns(Map.of());
    Tool.Result r =
        Tool.run("exec", "-a", address, "x-test", "--json", "{\"o\":{\"x\":1}}", "o.y=2");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"o\":{\"x\":1,\"y\":2}}", fake.takeCommand(TAKE).arguments().toString());
  }

  @Test
  void aTransactionOnTheCommandLine() throws Exception {
    fake.on("transaction").returns(Map.of());
    Tool.Result r = Tool.run("exec", "-a", address, "transaction(", "abort", "abort", ")");
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        "{\"actions\":[{\"type\":\"abort\",\"data\":{}},{\"type\":\"abort\",\"data\":{}}]}",
        fake.takeCommand(TAKE).arguments().toString());
  }

  @Test
  void hmpThroughHumanMonitorCommand() {
    Tool.Result r =
        Tool.run("exec", "-a", address, "human-monitor-command", "command-line=info version");
    assertEquals(0, r.code(), r.toString());
    assertEquals("\"7.2.0\\r\\n\"\n", r.out());
  }

  @Test
  void anErrorReplyPrintsClassAndDescAndExitsOne() {
    Tool.Result r = Tool.run("exec", "-a", address, "no-such-command");
    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.out());
    assertEquals("CommandNotFound: The command no-such-command has not been found\n", r.err());
  }

  @Test
  void aScriptedErrorKeepsItsClass() {
    fake.on("blockdev-del").fails("GenericError", "Node 'x' is busy");
    Tool.Result r = Tool.run("exec", "-a", address, "blockdev-del", "node-name=x");
    assertEquals(1, r.code(), r.toString());
    assertEquals("GenericError: Node 'x' is busy\n", r.err());
  }

  @Test
  void aRefusedConnectionExitsTwoWithOneLine() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Tool.Result r = Tool.run("exec", "-a", "tcp:127.0.0.1:" + port, "query-status");
    assertEquals(2, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("qmp4j: cannot connect to tcp:127.0.0.1:" + port), r.err());
    assertTrue(r.err().contains("refused"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aMissingSocketExitsTwo() {
    Tool.Result r = Tool.run("exec", "-a", "/nonexistent/qmp4j-test.sock", "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: cannot connect to unix:/nonexistent/"), r.err());
  }

  @Test
  void aStalledServerTimesOutAndExitsTwo() {
    fake.on("query-status").fault(Fault.stall());
    Tool.Result r = Tool.run("exec", "-a", address, "--timeout", "300ms", "query-status");
    assertEquals(2, r.code(), r.toString());
    assertEquals("qmp4j: no reply to 'query-status' within 300ms (--timeout)\n", r.err());
  }

  @Test
  void theTimeoutAlsoBoundsAServerThatNeverGreets() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  s.getInputStream().read(); // holds the connection open, never greets
                } catch (IOException e) {
                  // the test ended
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Tool.Result r =
          Tool.run(
              "exec",
              "-a",
              "tcp:127.0.0.1:" + silent.getLocalPort(),
              "--timeout",
              "400ms",
              "query-status");
      assertEquals(2, r.code(), r.toString());
      assertTrue(
          r.err().startsWith("qmp4j: cannot connect to tcp:127.0.0.1:" + silent.getLocalPort()),
          r.err());
      assertTrue(r.err().endsWith(" (--timeout 400ms)\n"), r.err());
    }
  }

  @Test
  void garbageFromTheServerIsAProtocolFailureExitTwo() {
    fake.on("query-status").fault(Fault.garbage());
    Tool.Result r = Tool.run("exec", "-a", address, "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aConnectionClosedInsteadOfAReplyExitsTwo() {
    fake.on("query-status").fault(Fault.closeMidMessage());
    Tool.Result r = Tool.run("exec", "-a", address, "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("qmp4j: "), r.err());
  }

  @Test
  void syntaxErrorsAreUsageErrorsExitTwoBeforeConnecting() {
    Tool.Result twice = Tool.run("exec", "-a", address, "x", "a.b=1", "a.b=2");
    assertEquals(2, twice.code(), twice.toString());
    assertTrue(twice.err().startsWith("qmp4j: Cannot set \"a.b\" multiple times\n"), twice.err());
    Tool.Result leaf = Tool.run("exec", "-a", address, "x", "a=1", "a.b=2");
    assertEquals(2, leaf.code(), leaf.toString());
    assertTrue(
        leaf.err().startsWith("qmp4j: Cannot use \"a\" as both leaf and non-leaf key"), leaf.err());
    Tool.Result json = Tool.run("exec", "-a", address, "x", "--json", "[1]");
    assertEquals(2, json.code(), json.toString());
    assertTrue(json.err().contains("--json must be a JSON object"), json.err());
    assertEquals(0, fake.connectionCount(), "nothing may be sent after a usage error");
  }

  @Test
  void unknownOptionsAndBadDurationsAreUsageErrors() {
    Tool.Result r = Tool.run("exec", "--frobnicate", "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
    assertTrue(r.err().contains("Try 'qmp4j exec --help'"), r.err());
    Tool.Result d = Tool.run("exec", "--timeout", "soon", "query-status");
    assertEquals(2, d.code(), d.toString());
    assertTrue(d.err().contains("Invalid duration 'soon'"), d.err());
  }

  @Test
  void qmpSocketIsUsedWhenNoAddressIsGiven() throws Exception {
    Tool.Result r = Tool.run(Map.of("QMP_SOCKET", address), "", "exec", "query-version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"qemu\":{\"micro\":0,\"minor\":2,\"major\":7}"), r.out());
    assertEquals("", r.err());
    assertEquals("query-version", fake.takeCommand(TAKE).name());
  }

  @Test
  void withoutAnyAddressTheEmbeddedFakeAnswersAndSaysSoOnStderr() {
    Tool.Result r = Tool.run("exec", "query-status");
    assertEquals(0, r.code(), r.toString());
    assertEquals("{\"status\":\"running\",\"singlestep\":false,\"running\":true}\n", r.out());
    assertEquals(EmbeddedFake.NOTICE + "\n", r.err());
    assertEquals(0, fake.connectionCount(), "the test's own fake was not used");
  }

  @Test
  void tlsOptionsWithoutATlsAddressAreRefused() {
    Tool.Result r = Tool.run("exec", "-a", address, "--tls-ca", "/x.pem", "query-status");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--tls-* options need a tls:host:port address"), r.err());
  }
}
