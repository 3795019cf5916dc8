package io.github.qmp4j.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * QEMU accepts requests nested up to 1024 deep, but Jackson writes only 500 levels by default: the
 * fake must still answer such requests, record them, and describe them (strict mode, scripts).
 */
class DeepNestingTest {
  private static final int DEPTH = 1000;
  private static final String DEEP = "[".repeat(DEPTH) + "]".repeat(DEPTH);
  private final FakeQmpServer fake = new FakeQmpServer();

  @AfterEach
  void closeServer() {
    fake.close();
  }

  @Test
  void aDeeplyNestedUnexpectedCommandIsAnsweredRecordedAndReported() throws Exception {
    fake.strict(true);
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"deep\",\"id\":" + DEEP + "}");
      String reply = client.nextRaw();
      assertTrue(reply.startsWith("{\"id\": " + DEEP + ", \"error\""), reply);
    }
    ReceivedCommand deep = fake.takeCommand(Duration.ofSeconds(10));
    assertTrue(deep.toString().contains(DEEP), "toString shows the whole request");
    AssertionError e = assertThrows(AssertionError.class, fake::verify);
    assertTrue(e.getMessage().contains("\"execute\":\"deep\""), "verify names the command");
  }

  @Test
  void aScriptWithoutAMatchingCaseAnswersADeepRequest() throws Exception {
    fake.script(
        FakeScript.fromJson(
            "{\"commands\":{\"x\":{\"cases\":[{\"when\":{\"a\":1},\"reply\":{\"return\":1}}]}}}"));
    try (WireClient client = WireClient.connect(fake.start())) {
      client.handshake();
      client.send("{\"execute\":\"x\",\"arguments\":{\"a\":" + DEEP + "},\"id\":\"d\"}");
      String reply = client.nextRaw();
      assertTrue(reply.contains("has no case at $.commands.x for the arguments"), reply);
      assertEquals(
          "{\"return\":{},\"id\":1}",
          client.execute("{\"execute\":\"stop\",\"id\":1}").toString(),
          "the session goes on");
    }
  }
}
