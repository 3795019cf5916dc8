package io.github.qmp4j.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words on whitespace, except inside single or double quotes, as {@code
 * qmp-shell} does; the quotes stay in the words ({@link KeyValueArguments} removes them from a
 * value they enclose), so that JSON values such as {@code {"name": "a b"}} keep their text. Inside
 * double quotes a backslash escapes the next character.
 */
final class LineTokenizer {
  private LineTokenizer() {}

  static List<String> split(String line) throws ArgumentSyntaxException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        word.append(c);
        if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        inWord = true;
        word.append(c);
        if (c == '"' || c == '\'') {
          quote = c;
        }
      }
    }
    if (quote != 0) {
      throw new ArgumentSyntaxException("Unclosed " + quote + " in: " + word);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
