package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writer's own encoding of commands must be byte for byte what Jackson's generator writes, for
 * every character and every kind of value; what it does not write itself, Jackson writes.
 */
class JsonMessageWriterTest {
  private static byte[] ours(Message m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonMessageWriter w = new JsonMessageWriter(Json.MAPPER, out);
    w.encode(m);
    w.flush();
    return out.toByteArray();
  }

  private static byte[] jacksons(Message m) {
    byte[] json = Json.MAPPER.writeValueAsBytes(m.node());
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    return line;
  }

  private static void assertSameBytes(Message m) throws IOException {
    assertArrayEquals(jacksons(m), ours(m), () -> "for " + m.node());
  }

  @Test
  void theCommonCommandIsTheKnownBytes() throws IOException {
    Message m = Message.command("query-status", null).withId("1");
    assertEquals(
        "{\"execute\":\"query-status\",\"id\":\"1\"}\n",
        new String(ours(m), StandardCharsets.UTF_8));
    assertSameBytes(m);
    assertSameBytes(Message.oobCommand("migrate-pause", Map.of()).withId("12345678901"));
  }

  @Test
  void everyCharacterInNamesIdsKeysAndValuesIsEscapedAsJacksonDoes() throws IOException {
    for (int c = 0; c <= 0xffff; c++) {
      String s = "a" + (char) c + "b";
      Message m =
          Message.oobCommand(s, Map.of(s, s, "k", List.of(s)))
              .withId(s)
              .withId(Json.NODES.stringNode(s + s));
      assertSameBytes(m);
    }
  }

  @Test
  void longStringsThatGrowOnTheWayAreWrittenAsJacksonWritesThem() throws IOException {
    StringBuilder mixed = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      mixed.append((char) (i % 7 == 0 ? 1 : i % 7 == 1 ? 'x' : i % 7 == 2 ? 0xe4 : 0x20ac));
    }
    assertSameBytes(Message.command("x", Map.of("s", mixed.toString())).withId("1"));
    assertSameBytes(Message.command("y".repeat(70_000), null).withId("\n".repeat(30_000)));
  }

  @Test
  void surrogatePairsAndLoneSurrogatesAreWrittenByJackson() throws IOException {
    assertSameBytes(Message.command("x", Map.of("emoji", "\uD83D\uDE00")).withId("\uD83D\uDE00"));
    Message lone = Message.command("x", Map.of("half", "a\uD83Db")).withId("1");
    byte[] expected;
    try {
      expected = jacksons(lone);
    } catch (RuntimeException e) {
      assertThrows(IOException.class, () -> ours(lone));
      return;
    }
    assertArrayEquals(expected, ours(lone));
  }

  @Test
  void everyKindOfValueIsWrittenAsJacksonWritesIt() throws IOException {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("int", 0);
    args.put("negative", -7);
    args.put("long", Long.MIN_VALUE);
    args.put("bigint", new BigInteger("123456789012345678901234567890"));
    args.put("double", 1.5e300);
    args.put("float", 0.1f);
    args.put("decimal", new BigDecimal("1.10"));
    args.put("short", (short) 3);
    args.put("true", true);
    args.put("false", false);
    args.put("null", null);
    args.put("empty", Map.of());
    args.put("emptyList", List.of());
    args.put("nested", List.of(Map.of("a", List.of(1, "two", List.of())), 3L));
    args.put("bytes", new byte[] {1, 2, 3});
    assertSameBytes(Message.command("x", args).withId("9"));
    // One value at a time, so that each kind is also compared without another forcing Jackson.
    for (Map.Entry<String, Object> e : args.entrySet()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put(e.getKey(), e.getValue());
      assertSameBytes(Message.command("x", one).withId("9"));
    }
    ObjectNode raw = Json.NODES.objectNode();
    raw.put("execute", "x");
    raw.set("id", Json.NODES.numberNode(42));
    raw.putPOJO("pojo", List.of("p"));
    assertSameBytes(Message.of(raw));
  }

  @Test
  void deepTreesAreWrittenByJacksonWithItsLimit() throws IOException {
    for (int depth : new int[] {63, 64, 65, 200}) {
      ObjectNode args = Json.NODES.objectNode();
      JsonNode inner = args;
      for (int i = 0; i < depth; i++) {
        ArrayNode next = Json.NODES.arrayNode();
        if (inner instanceof ObjectNode o) {
          o.set("a", next);
        } else {
          ((ArrayNode) inner).add(next);
        }
        inner = next;
      }
      assertSameBytes(Message.command("x", args).withId("d" + depth));
    }
    Message m = Message.command("x", tooDeepForJackson()).withId("1");
    IOException e = assertThrows(IOException.class, () -> ours(m));
    assertTrue(e.getMessage().startsWith("Cannot encode x"), e.getMessage());
  }

  @Test
  void aMessageJacksonCannotWriteLeavesTheBatchAsItWas() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonMessageWriter w = new JsonMessageWriter(Json.MAPPER, out);
    w.encode(Message.command("first", null).withId("1"));
    Message bad = Message.command("bad", tooDeepForJackson()).withId("2");
    assertThrows(IOException.class, () -> w.encode(bad));
    w.encode(Message.command("third", null).withId("3"));
    w.flush();
    assertEquals(
        "{\"execute\":\"first\",\"id\":\"1\"}\n{\"execute\":\"third\",\"id\":\"3\"}\n",
        out.toString(StandardCharsets.UTF_8));
  }

  /** Deeper than Jackson's default write limit (1000), shallow enough for deepCopy's stack. */
  private static ObjectNode tooDeepForJackson() {
    ObjectNode root = Json.NODES.objectNode();
    ObjectNode inner = root;
    for (int i = 0; i < 1100; i++) {
      inner = inner.putObject("a");
    }
    return root;
  }
}
