package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The direct parser either builds exactly Jackson's tree (node classes included) or gives up; it
 * never accepts what Jackson refuses.
 */
class DirectTreeParserTest {
  private final DirectTreeParser parser = new DirectTreeParser();

  private static JsonNode jackson(byte[] bytes) {
    return Json.MAPPER.readTree(bytes);
  }

  private ObjectNode direct(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return parser.parse(bytes, 0, bytes.length);
  }

  /** Parses {@code text} directly and checks the tree against Jackson's, class by class. */
  private void assertSameTree(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ObjectNode ours = parser.parse(bytes, 0, bytes.length);
    assertNotNull(ours, () -> "gave up on " + text);
    JsonNode theirs = jackson(bytes);
    assertEquals(theirs, ours, text);
    assertSameClasses(theirs, ours);
  }

  private static void assertSameClasses(JsonNode expected, JsonNode actual) {
    assertEquals(expected.getClass(), actual.getClass(), expected.toString());
    if (expected.isContainer()) {
      assertEquals(expected.size(), actual.size());
      if (expected.isObject()) {
        for (String name : expected.propertyNames()) {
          assertSameClasses(expected.get(name), actual.get(name));
        }
      } else {
        for (int i = 0; i < expected.size(); i++) {
          assertSameClasses(expected.get(i), actual.get(i));
        }
      }
    }
  }

  @Test
  void buildsJacksonsTreeForWhatQmpPeersSend() {
    assertSameTree(
        "{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true},"
            + "\"id\":\"1\"}");
    assertSameTree("{\"return\": {}, \"id\": \"2\"}");
    assertSameTree("{\r\n  \"return\": [\r\n  ]\r\n}");
    assertSameTree(
        "{\"event\":\"BENCH\",\"data\":{\"seq\":12345},"
            + "\"timestamp\":{\"seconds\":1700000000,\"microseconds\":123456}}");
    assertSameTree(
        "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":22,\"minor\":2,\"major\":7},"
            + "\"package\":\"Debian 1:7.2+dfsg-7\"},\"capabilities\":[\"oob\"]}}");
    assertSameTree("{\"error\":{\"class\":\"GenericError\",\"desc\":\"No \\\"x\\\"\"},\"id\":7}");
    assertSameTree("{\"return\":\"a\\r\\nb\\t\\u00e4\\u20AC\\/\\\\\\b\\f\"}");
    assertSameTree("{\"ä\":\"äöü€\uD83D\uDE00\u07FF\u0800\uFFFD\u007F\",\"\":null}");
    assertSameTree(
        "{\"n\":[0,-1,9,10,2147483647,2147483648,-2147483648,-2147483649,"
            + "999999999999999999,-999999999999999999]}");
    assertSameTree("{\"a\":[[],{},[{}],[null,true,false]],\"b\":{\"c\":{\"d\":[1]}}}");
  }

  @Test
  void givesUpOnWhatJacksonMustDecide() {
    String[] jacksonDecides = {
      "{\"d\":1.5}",
      "{\"d\":1e5}",
      "{\"d\":1E5}",
      "{\"d\":-0}",
      "{\"d\":01}",
      "{\"d\":-}",
      "{\"d\":1234567890123456789}",
      "{\"d\":+1}",
      "{\"d\":.5}",
      "{\"d\":NaN}",
      "{\"a\":1,\"a\":2}",
      "{\"s\":\"\\ud83d\\ude00\"}",
      "{\"s\":\"\\x\"}",
      "{\"s\":\"a\tb\"}",
      "{\"a\":1,}",
      "{\"a\":[1,]}",
      "{,}",
      "{\"a\" 1}",
      "{a:1}",
      "{'a':1}",
      "{\"a\":tru}",
      "{\"a\":truex}",
      "{\"a\":nul}",
      "{\"a\":1}x",
      "{\"a\":1 2}",
      "{\"a\":/*c*/1}",
      "{\"a\":[1 2]}",
      "{\"" + "n".repeat(1001) + "\":1}",
      "{\"a\":\"\\u12\"}",
    };
    for (String text : jacksonDecides) {
      assertNull(direct(text), text);
    }
    String deep = "{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}";
    assertNull(direct(deep));
    assertSameTree("{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}");
    byte[][] badUtf8 = {
      {'{', '"', (byte) 0xc0, (byte) 0x80, '"', ':', '1', '}'}, // overlong NUL
      {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'}, // a surrogate
      {'{', '"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', ':', '1', '}'},
      {'{', '"', (byte) 0xe2, (byte) 0x82, '"', ':', '1', '}'}, // cut short
      {'{', '"', (byte) 0x80, '"', ':', '1', '}'}, // a lone continuation byte
      {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
    };
    for (byte[] bytes : badUtf8) {
      assertNull(parser.parse(bytes, 0, bytes.length));
    }
  }

  @Test
  void parsesOnlyTheFramedBytes() {
    byte[] bytes = "xx{\"a\":[1]}{\"b\":2}".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Json.MAPPER.readTree("{\"a\":[1]}"), parser.parse(bytes, 2, 11));
    assertEquals(Json.MAPPER.readTree("{\"b\":2}"), parser.parse(bytes, 11, bytes.length));
  }

  /**
   * Random mutations of QMP-like messages: whatever the parser accepts, Jackson parses to the same
   * tree; whatever Jackson refuses, the parser gives up on.
   */
  @Test
  void neverDisagreesWithJacksonOnRandomInput() {
    String[] seeds = {
      "{\"return\":{\"status\":\"running\",\"n\":[1,-2,true,null]},\"id\":\"1\"}",
      "{\"event\":\"X\",\"data\":{\"s\":\"a\\n\\u00e4ä€\"},\"timestamp\":{\"seconds\":1}}",
    };
    byte[] alphabet =
        "{}[]\":,\\ \t\r\n-+.0123456789eEtrufalsn/xu\u00e4".getBytes(StandardCharsets.ISO_8859_1);
    Random random = new Random(7);
    int accepted = 0;
    for (int round = 0; round < 200_000; round++) {
      byte[] bytes = seeds[round % seeds.length].getBytes(StandardCharsets.UTF_8);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(bytes.length);
        bytes[at] =
            random.nextInt(8) == 0
                ? (byte) random.nextInt(256)
                : alphabet[random.nextInt(alphabet.length)];
      }
      ObjectNode ours = parser.parse(bytes, 0, bytes.length);
      JsonNode theirs;
      try {
        theirs = jackson(bytes);
      } catch (JacksonException e) {
        theirs = null;
      }
      if (ours != null) {
        accepted++;
        JsonNode expected = theirs;
        assertNotNull(expected, () -> "accepted what Jackson refuses: " + show(bytes));
        assertEquals(expected, ours, () -> show(bytes));
        assertSameClasses(expected, ours);
      }
    }
    assertTrue(accepted > 1000, "accepted " + accepted);
  }

  private static String show(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
