package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lines to requests: ordinary commands and transaction( ... ) blocks over lines. */
class RequestParserTest {
  private final RequestParser parser = new RequestParser();

  private QmpRequest line(String text) throws ArgumentSyntaxException {
    return parser.parse(LineTokenizer.split(text));
  }

  @Test
  void anOrdinaryCommand() throws Exception {
    QmpRequest r = line("block-dirty-bitmap-add node=drive0 name=bitmap0 persistent=true");
    assertEquals("block-dirty-bitmap-add", r.command());
    assertEquals(
        "{\"node\":\"drive0\",\"name\":\"bitmap0\",\"persistent\":true}", r.arguments().toString());
    assertEquals(
        "{\"execute\":\"block-dirty-bitmap-add\",\"arguments\":{\"node\":\"drive0\","
            + "\"name\":\"bitmap0\",\"persistent\":true}}",
        r.toMessage().toString());
  }

  @Test
  void aCommandWithoutArgumentsSendsNone() throws Exception {
    QmpRequest r = line("query-status");
    assertEquals("{\"execute\":\"query-status\"}", r.toMessage().toString());
    assertNull(r.argumentsOrNull());
  }

  @Test
  void anEmptyLineIsNothing() throws Exception {
    assertNull(line("   "));
  }

  @Test
  void aTransactionOverSeveralLines() throws Exception {
    assertNull(line("transaction("));
    assertTrue(parser.inTransaction());
    assertNull(line("block-dirty-bitmap-add node=drive0 name=bitmap1"));
    assertNull(line("block-dirty-bitmap-clear node=drive0 name=bitmap0"));
    QmpRequest r = line(")");
    assertFalse(parser.inTransaction());
    assertEquals("transaction", r.command());
    assertEquals(
        "{\"actions\":[{\"type\":\"block-dirty-bitmap-add\",\"data\":{\"node\":\"drive0\","
            + "\"name\":\"bitmap1\"}},{\"type\":\"block-dirty-bitmap-clear\",\"data\":{"
            + "\"node\":\"drive0\",\"name\":\"bitmap0\"}}]}",
        r.arguments().toString());
  }

  @Test
  void aTransactionOnOneLineMayHoldSeveralActions() throws Exception {
    QmpRequest r = line("transaction( abort x=1 abort )");
    assertEquals(
        "{\"actions\":[{\"type\":\"abort\",\"data\":{\"x\":1}},{\"type\":\"abort\",\"data\":{}}]}",
        r.arguments().toString());
    assertFalse(parser.inTransaction());
  }

  @Test
  void theLastLineOfATransactionMayCloseIt() throws Exception {
    assertNull(line("transaction("));
    QmpRequest r = line("abort )");
    assertEquals("{\"actions\":[{\"type\":\"abort\",\"data\":{}}]}", r.arguments().toString());
  }

  @Test
  void aBadLineInsideATransactionChangesNothing() throws Exception {
    line("transaction(");
    line("a x=1");
    ArgumentSyntaxException e =
        assertThrows(ArgumentSyntaxException.class, () -> line("b y=1 y=2"));
    assertEquals("Cannot set \"y\" multiple times", e.getMessage());
    assertTrue(parser.inTransaction());
    QmpRequest r = line(")");
    assertEquals("{\"actions\":[{\"type\":\"a\",\"data\":{\"x\":1}}]}", r.arguments().toString());
  }

  @Test
  void inputAfterTheClosingParenthesisIsRefusedWithQmpShellsText() throws Exception {
    line("transaction(");
    assertEquals(
        "Unexpected input after close of Transaction sub-shell",
        assertThrows(ArgumentSyntaxException.class, () -> line(") extra")).getMessage());
  }

  @Test
  void anArgumentBeforeAnyActionIsRefused() throws Exception {
    line("transaction(");
    assertEquals(
        "Expected a transaction action name before 'x=1'",
        assertThrows(ArgumentSyntaxException.class, () -> line("x=1")).getMessage());
  }

  @Test
  void aBadFirstLineDoesNotOpenATransaction() {
    assertThrows(ArgumentSyntaxException.class, () -> line("transaction( x=1"));
    assertFalse(parser.inTransaction());
  }

  @Test
  void aTransactionCannotOpenTwice() throws Exception {
    line("transaction(");
    assertThrows(ArgumentSyntaxException.class, () -> line("transaction("));
    assertTrue(parser.inTransaction());
    parser.reset();
    assertFalse(parser.inTransaction());
  }

  @Test
  void misplacedWordsAreRefused() {
    assertEquals(
        "')' without transaction(",
        assertThrows(ArgumentSyntaxException.class, () -> line(")")).getMessage());
    assertEquals(
        "Expected a command name, got 'a=1'",
        assertThrows(ArgumentSyntaxException.class, () -> line("a=1 b=2")).getMessage());
    assertEquals(
        "Expected a key=value pair, got 'drive0'",
        assertThrows(ArgumentSyntaxException.class, () -> line("eject drive0")).getMessage());
  }
}
