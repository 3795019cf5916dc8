package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** qmp-shell's argument syntax, value by value, and the errors it reports. */
class KeyValueArgumentsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String args(String... words) throws ArgumentSyntaxException {
    ObjectNode target = JsonNodeFactory.instance.objectNode();
    for (String w : words) {
      KeyValueArguments.apply(target, w);
    }
    return target.toString();
  }

  private static String error(String... words) {
    return assertThrows(ArgumentSyntaxException.class, () -> args(words)).getMessage();
  }

  @Test
  void scalarsAreTypedAsQmpShellTypesThem() throws Exception {
    assertEquals("{\"n\":42,\"neg\":-7,\"plus\":5}", args("n=42", "neg=-7", "plus=+5"));
    assertEquals("{\"a\":true,\"b\":false,\"c\":true}", args("a=true", "b=False", "c=TRUE"));
    assertEquals("{\"s\":\"drive0\",\"f\":\"1.5\",\"e\":\"\"}", args("s=drive0", "f=1.5", "e="));
    assertEquals(
        "{\"big\":123456789012345678901234567890}", args("big=123456789012345678901234567890"));
  }

  @Test
  void theValueIsEverythingAfterTheFirstEqualsSign() throws Exception {
    assertEquals("{\"opt\":\"a=b=c\"}", args("opt=a=b=c"));
  }

  @Test
  void dottedKeysNest() throws Exception {
    assertEquals("{\"a\":{\"b\":1,\"c\":{\"d\":\"x\"}},\"e\":2}", args("a.b=1", "a.c.d=x", "e=2"));
  }

  @Test
  void jsonValuesAreParsed() throws Exception {
    assertEquals(
        JSON.readTree("{\"o\":{\"k\":[1,\"two\",null]},\"l\":[{\"x\":true}]}").toString(),
        args("o={\"k\": [1, \"two\", null]}", "l=[{\"x\":true}]"));
  }

  @Test
  void pythonStyleQuotesAndBareNamesAreAcceptedInJson() throws Exception {
    assertEquals("{\"o\":{\"key\":\"value\",\"n\":1}}", args("o={'key':'value', n: 1}"));
  }

  @Test
  void aDottedKeyMayExtendAJsonObjectGivenBefore() throws Exception {
    assertEquals("{\"a\":{\"x\":1,\"y\":2}}", args("a={\"x\":1}", "a.y=2"));
  }

  @Test
  void aQuotedValueIsAStringWithoutItsQuotes() throws Exception {
    assertEquals("{\"command-line\":\"info version\"}", args("command-line=\"info version\""));
    assertEquals("{\"c\":\"info block\"}", args("c='info block'"));
    assertEquals("{\"id\":\"1\",\"b\":\"true\"}", args("id=\"1\"", "b='true'"));
    assertEquals("{\"q\":\"say \\\"hi\\\"\"}", args("q=\"say \\\"hi\\\"\""));
  }

  @Test
  void aValueOnlyPartlyQuotedIsTakenAsItIs() throws Exception {
    assertEquals("{\"v\":\"a\\\"b\\\"\"}", args("v=a\"b\""));
    assertEquals("{\"v\":\"\\\"a\\\" \\\"b\\\"\"}", args("v=\"a\" \"b\""));
  }

  @Test
  void aWordWithoutEqualsSignIsRefusedWithQmpShellsText() {
    assertEquals("Expected a key=value pair, got 'device'", error("device"));
  }

  @Test
  void aKeySetTwiceIsRefusedWithQmpShellsText() {
    assertEquals("Cannot set \"a.b\" multiple times", error("a.b=1", "a.b=2"));
    assertEquals("Cannot set \"id\" multiple times", error("id=x", "id=x"));
    assertEquals("Cannot set \"a.x\" multiple times", error("a={\"x\":1}", "a.x=2"));
  }

  @Test
  void aKeyUsedAsLeafAndParentIsRefusedWithQmpShellsText() {
    assertEquals("Cannot use \"a\" as both leaf and non-leaf key", error("a=1", "a.b=2"));
    assertEquals("Cannot use \"a.b\" as both leaf and non-leaf key", error("a.b=1", "a.b.c=2"));
    assertEquals("Cannot use \"a\" as both leaf and non-leaf key", error("a.b=1", "a=2"));
  }

  @Test
  void badJsonIsAnErrorNotAString() {
    String message = error("o={\"k\": }");
    assertEquals(true, message.startsWith("Invalid JSON value for \"o\": "), message);
    assertEquals(true, error("l=[1, 2").startsWith("Invalid JSON value for \"l\""));
    assertEquals(true, error("o={} trailing").startsWith("Invalid JSON value"));
  }

  @Test
  void emptyKeyPartsAreRefused() {
    assertEquals("Invalid key \"a..b\": empty name", error("a..b=1"));
    assertEquals("Invalid key \"\": empty name", error("=1"));
  }
}
