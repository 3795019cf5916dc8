package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the DEBUG traffic log may show of a command. */
class RedactorTest {
  @Test
  void messagesWithoutSecretsAreLoggedAsTheyAre() {
    Message m = Message.command("query-status", null).withId("1");
    assertSame(m, Redactor.redact(m));
    Message args = Message.command("device_add", Map.of("driver", "virtio-net", "id", "n0"));
    assertSame(args, Redactor.redact(args));
  }

  @Test
  void passwordLikeArgumentsAreMaskedAtAnyDepth() {
    Message m =
        Message.command(
            "blockdev-add",
            Map.of("node-name", "n", "options", List.of(Map.of("password", "hunter2"))));
    Message logged = Redactor.redact(m);
    assertFalse(logged.toString().contains("hunter2"), logged.toString());
    assertTrue(m.toString().contains("hunter2"), "the original is untouched");
    Message vnc = Message.command("set_password", Map.of("protocol", "vnc", "password", "s3"));
    assertEquals(Redactor.MASK, Redactor.redact(vnc).get("arguments").get("password").asString());
  }

  @Test
  void theDataOfASecretObjectIsMasked() {
    Message m =
        Message.command(
            "object-add", Map.of("qom-type", "secret", "id", "sec0", "data", "letmein"));
    Message logged = Redactor.redact(m);
    assertEquals(Redactor.MASK, logged.get("arguments").get("data").asString());
    assertEquals("sec0", logged.get("arguments").get("id").asString());
    Message other = Message.command("object-add", Map.of("qom-type", "iothread", "id", "io0"));
    assertSame(other, Redactor.redact(other));
  }

  @Test
  void hmpLinesThatSetPasswordsAreMasked() {
    Message m =
        Message.command("human-monitor-command", Map.of("command-line", "set_password vnc s3"));
    assertFalse(Redactor.redact(m).toString().contains("s3"));
    Message info = Message.command("human-monitor-command", Map.of("command-line", "info version"));
    assertSame(info, Redactor.redact(info));
  }

  @Test
  void passwordsInRepliesAndEventsAreMaskedToo() {
    Message reply =
        Message.parse("{\"return\": [{\"user\": \"u\", \"passwd\": \"hunter2\"}], \"id\": \"1\"}");
    Message shown = Redactor.redact(reply);
    assertFalse(shown.toString().contains("hunter2"), shown.toString());
    assertEquals("u", shown.get("return").get(0).get("user").asString());
    Message event = Message.parse("{\"event\": \"X\", \"data\": {\"new_password\": \"hunter2\"}}");
    assertFalse(Redactor.toString(event).contains("hunter2"));
    assertTrue(reply.toString().contains("hunter2"), "Message.toString() stays the wire form");
  }

  @Test
  void anyJsonValueCanBeShownMasked() {
    Message args = Message.command("x", Map.of("list", List.of(Map.of("passphrase", "hunter2"))));
    String shown = Redactor.toString(args.get("arguments"));
    assertFalse(shown.contains("hunter2"), shown);
    assertTrue(shown.contains(Redactor.MASK), shown);
    assertEquals("\"1\"", Redactor.toString(args.withId("1").get("id")));
  }

  @Test
  void hmpLinesThatCreateSecretsOrSetBlockPasswordsAreMasked() {
    for (String line :
        List.of("object_add secret,id=s0,data=hunter2", "block_passwd drive0 hunter2")) {
      Message m = Message.command("human-monitor-command", Map.of("command-line", line));
      assertFalse(Redactor.toString(m).contains("hunter2"), line);
    }
  }
}
