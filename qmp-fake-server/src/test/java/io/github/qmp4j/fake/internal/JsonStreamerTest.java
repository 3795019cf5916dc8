package io.github.qmp4j.fake.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The splitter in isolation: bytes in, values and errors out, whatever the chunking. */
class JsonStreamerTest {
  private final List<String> out = new ArrayList<>();
  private final JsonLexer lexer =
      new JsonLexer(
          new JsonStreamer(
              new JsonStreamer.Sink() {
                @Override
                public void value(JsonNode value) {
                  out.add(QemuJsonWriter.write(value, false));
                }

                @Override
                public void error(String desc) {
                  out.add("error: " + desc);
                }
              }));

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    lexer.feed(bytes, 0, bytes.length);
  }

  @Test
  void chunkingDoesNotMatter() {
    String input = "{\"execute\":\"a\",\"id\":[1,2]}{\"execute\":\"b\"}";
    for (int i = 0; i < input.length(); i++) {
      feed(input.substring(i, i + 1));
    }
    assertEquals(List.of("{\"execute\": \"a\", \"id\": [1, 2]}", "{\"execute\": \"b\"}"), out);
  }

  @Test
  void aNumberNeedsTheNextByteToEnd() {
    feed("42");
    assertEquals(List.of(), out);
    feed(" ");
    assertEquals(List.of("42"), out);
  }

  @Test
  void nestingPastTheLimitFloodsErrorsAsQemuDoes() {
    feed("[".repeat(1025) + "]".repeat(1025));
    assertEquals(1026, out.size());
    assertEquals("error: JSON nesting depth limit exceeded", out.get(0));
    assertEquals("error: JSON parse error, expecting value", out.get(1025));
  }

  @Test
  void numbersAsQemusQnumHoldsThem() {
    feed("[9223372036854775807,18446744073709551615,18446744073709551616,-0,1e400]");
    assertEquals(
        List.of("[9223372036854775807, 18446744073709551615, 1.8446744073709552e+19, 0, inf]"),
        out);
  }
}
