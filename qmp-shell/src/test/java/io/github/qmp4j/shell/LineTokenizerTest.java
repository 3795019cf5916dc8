package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a shell line into words: on whitespace, except inside quotes, quotes kept. */
class LineTokenizerTest {
  @Test
  void splitsOnRunsOfWhitespace() throws Exception {
    assertEquals(List.of("a", "b=1", "c"), LineTokenizer.split("  a \t b=1   c  "));
    assertEquals(List.of(), LineTokenizer.split("   "));
  }

  @Test
  void quotedSpacesStayInTheWordWithTheirQuotes() throws Exception {
    assertEquals(
        List.of("human-monitor-command", "command-line=\"info  version\""),
        LineTokenizer.split("human-monitor-command command-line=\"info  version\""));
    assertEquals(List.of("x", "v='a b'"), LineTokenizer.split("x v='a b'"));
  }

  @Test
  void jsonStringsWithSpacesStayWhole() throws Exception {
    assertEquals(
        List.of("c", "o={\"name\":\"a b\",\"n\":1}"),
        LineTokenizer.split("c o={\"name\":\"a b\",\"n\":1}"));
  }

  @Test
  void aBackslashEscapesAQuoteInsideDoubleQuotes() throws Exception {
    assertEquals(List.of("v=\"a\\\" b\""), LineTokenizer.split("v=\"a\\\" b\""));
  }

  @Test
  void anUnclosedQuoteIsAnError() {
    assertEquals(
        "Unclosed \" in: v=\"abc",
        assertThrows(ArgumentSyntaxException.class, () -> LineTokenizer.split("x v=\"abc"))
            .getMessage());
  }
}
