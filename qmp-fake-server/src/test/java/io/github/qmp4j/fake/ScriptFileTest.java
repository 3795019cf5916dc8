package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The JSON script format: the documented example works, and bad scripts say where they fail. */
class ScriptFileTest {
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() {
    fake.close();
  }

  static Path example() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(ScriptFileTest.class.getResource("example-script.json")).toURI());
  }

  private static String hmp(String line) {
    return "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\""
        + line
        + "\"}}";
  }

  @Test
  void theDocumentedExampleBehavesAsDocumented() throws Exception {
    FakeScript script = FakeScript.load(example());
    assertTrue(script.commands().contains("query-block"));
    fake.script(script);
    try (WireClient client = WireClient.connect(fake.start())) {
      JsonNode greeting = client.handshake();
      assertEquals(0, greeting.get("QMP").get("version").get("qemu").get("micro").asInt());
      JsonNode nic = client.next();
      assertEquals("NIC_RX_FILTER_CHANGED", nic.get("event").asString());
      assertEquals(
          "/machine/peripheral/net0/virtio-backend", nic.get("data").get("path").asString());
      assertEquals("[]", client.execute("{\"execute\":\"query-block\"}").get("return").toString());
      assertEquals(
          "drive0",
          client
              .execute("{\"execute\":\"query-block\"}")
              .get("return")
              .get(0)
              .get("device")
              .asString());
      assertTrue(
          client
              .execute("{\"execute\":\"blockdev-del\",\"arguments\":{\"node-name\":\"drive0\"}}")
              .get("error")
              .get("desc")
              .asString()
              .startsWith("Node 'drive0' is busy"));
      client.send("{\"execute\":\"system_reset\",\"id\":1}");
      assertEquals("{\"return\":{},\"id\":1}", client.next().toString());
      assertEquals("RESET", client.next().get("event").asString());
      assertEquals(
          "drive0: disk.qcow2 (qcow2)\r\n",
          client.execute(hmp("info block")).get("return").asString());
      assertEquals("", client.execute(hmp("info version")).get("return").asString());
      assertTrue(client.execute("{\"exec-oob\":\"migrate-pause\",\"id\":\"p\"}").has("return"));
      assertTrue(client.execute("{\"execute\":\"query-status\"}").has("return"));
      fake.verify(); // everything so far was scripted or expected
      client.execute("{\"execute\":\"query-commands\"}");
      assertThrows(AssertionError.class, fake::verify, "strict: query-commands was not expected");
      client.send("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"tcp:x:1\"}}");
      assertEquals("", client.awaitClose());
    }
  }

  @Test
  void theReadmeShowsTheTestedExample() throws Exception {
    String readme = java.nio.file.Files.readString(Path.of("README.md"));
    java.util.regex.Matcher block =
        java.util.regex.Pattern.compile("```json\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(readme);
    assertTrue(block.find(), "README.md has no JSON example");
    assertEquals(
        WireClient.JSON.readTree(java.nio.file.Files.readString(example())),
        WireClient.JSON.readTree(block.group(1)));
  }

  @Test
  void casesWithoutOtherwiseSayWhatDidNotMatch() throws Exception {
    fake.script(
        FakeScript.fromJson(
            "{\"commands\":{\"x\":{\"cases\":[{\"when\":{\"a\":1},\"reply\":{\"return\":1}}]}}}"));
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      assertEquals(
          1,
          client
              .execute("{\"execute\":\"x\",\"arguments\":{\"a\":1,\"b\":2}}")
              .get("return")
              .asInt());
      String desc =
          client
              .execute("{\"execute\":\"x\",\"arguments\":{\"a\":2}}")
              .get("error")
              .get("desc")
              .asString();
      assertTrue(desc.contains("$.commands.x") && desc.contains("{\"a\":2}"), desc);
    }
  }

  @Test
  void settingsApply() throws Exception {
    fake.script(
        FakeScript.fromJson(
            "{\"greeting\":{\"capabilities\":[]},\"status\":\"prelaunch\",\"pretty\":true,"
                + "\"recordNegotiation\":true,\"oneClientAtATime\":true,\"delayMs\":1}"));
    try (WireClient client = WireClient.connect(fake.start())) {
      assertTrue(client.nextRaw().contains("\"capabilities\": [\r\n        ]"));
      client.negotiate(false);
      assertEquals("qmp_capabilities", fake.takeCommand(Duration.ofSeconds(5)).name());
      assertEquals("prelaunch", fake.status());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | {\"commands\": | $: not valid JSON",
        "not an object | [] | $: expected an object, found array []",
        "misspelt member | {\"comands\":{}} | $.comands: unknown member",
        "two kinds of answer | {\"commands\":{\"x\":{\"return\":1,\"error\":{}}}} | $.commands.x: an"
            + " answer needs exactly one of",
        "bad error class | {\"commands\":{\"query-block\":[{\"return\":[]},{\"error\":{\"class\":1,"
            + "\"desc\":\"d\"}}]}} | $.commands[\"query-block\"][1].error.class: expected a string,"
            + " found number 1",
        "event without a name | {\"events\":[{\"data\":{}}]} | $.events[0].event: expected a string,"
            + " found nothing",
        "negative delay | {\"delayMs\":-1} | $.delayMs: expected a non-negative integer",
        "unknown fault | {\"commands\":{\"x\":{\"fault\":\"explode\"}}} | $.commands.x.fault:"
            + " unknown fault \"explode\"",
        "oversized without size | {\"commands\":{\"x\":{\"fault\":\"oversized\"}}} | $.commands.x.bytes:"
            + " an oversized fault needs \"bytes\"",
        "empty sequence | {\"commands\":{\"x\":[]}} | $.commands.x: expected at least one answer",
        "unknown capability | {\"greeting\":{\"capabilities\":[\"foo\"]}} |"
            + " $.greeting.capabilities[0]: QEMU 7.2 knows only",
        "data not an object | {\"events\":[{\"event\":\"E\",\"data\":[1]}]} | $.events[0].data:"
            + " expected an object",
        "misspelt answer member | {\"commands\":{\"x\":{\"return\":1,\"delay\":5}}} |"
            + " $.commands.x.delay: unknown member",
        "bad version | {\"greeting\":{\"version\":{\"qemu\":{\"major\":\"7\"}}}} |"
            + " $.greeting.version.qemu.major: expected a non-negative integer, found string \"7\"",
        "strict not a flag | {\"strict\":\"yes\"} | $.strict: expected true or false",
      })
  void badScriptsNameTheBadPlace(String name, String json, String expected) {
    FakeScriptException e =
        assertThrows(FakeScriptException.class, () -> FakeScript.fromJson(json));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertEquals(expected.substring(0, expected.indexOf(':')), e.path());
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThrows(
        NoSuchFileException.class, () -> FakeScript.load(Path.of("/nonexistent/script.json")));
  }

  @Test
  void scriptsWorkForStandaloneUseOverTcp() throws IOException, Exception {
    fake.script(FakeScript.load(example()));
    try (WireClient client = WireClient.connect(fake.start("tcp:127.0.0.1:0"))) {
      client.handshake();
      assertEquals("NIC_RX_FILTER_CHANGED", client.next().get("event").asString());
    }
  }
}
