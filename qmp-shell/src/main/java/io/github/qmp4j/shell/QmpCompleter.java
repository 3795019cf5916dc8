package io.github.qmp4j.shell;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in QMP mode: the first word completes to a command name (from {@code
 * query-commands}) or {@code transaction(}; later words complete to the command's argument names
 * from {@code query-qmp-schema} as {@code name=}, and to {@code name.} for arguments that are
 * objects, so dotted keys complete level by level. Arguments already given are not offered again.
 * Inside a transaction block a word may be an action name or an argument of the action before it,
 * so both are offered.
 */
final class QmpCompleter implements Completer {
  private final CompletionData data;
  private final BooleanSupplier inTransaction;

  QmpCompleter(CompletionData data, BooleanSupplier inTransaction) {
    this.data = data;
    this.inTransaction = inTransaction;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, line.wordIndex());
    String word = line.word().substring(0, line.wordCursor());
    candidates.addAll(candidates(before, word));
  }

  /** The candidates for the word being typed after the words before it. */
  List<Candidate> candidates(List<String> before, String word) {
    List<Candidate> out = new ArrayList<>();
    boolean opensHere = !before.isEmpty() && before.get(0).equals(RequestParser.TRANSACTION_START);
    if (!inTransaction.getAsBoolean() && !opensHere) {
      if (before.isEmpty()) {
        commandNames(out);
        out.add(word(RequestParser.TRANSACTION_START));
      } else if (word.indexOf('=') < 0) {
        arguments(before.get(0), before, word, out);
      }
      return out;
    }
    if (word.indexOf('=') >= 0) {
      return out;
    }
    String action = null;
    int actionStart = 0;
    for (int i = 0; i < before.size(); i++) {
      String w = before.get(i);
      if (w.indexOf('=') < 0
          && !w.equals(RequestParser.TRANSACTION_START)
          && !w.equals(RequestParser.TRANSACTION_END)) {
        action = w;
        actionStart = i;
      }
    }
    commandNames(out);
    if (action != null) {
      arguments(action, before.subList(actionStart, before.size()), word, out);
    }
    return out;
  }

  private void commandNames(List<Candidate> out) {
    for (String name : data.commands()) {
      out.add(word(name));
    }
  }

  private void arguments(String command, List<String> before, String word, List<Candidate> out) {
    Set<String> used = new HashSet<>();
    for (String w : before) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        used.add(w.substring(0, eq));
      }
    }
    int dot = word.lastIndexOf('.');
    String prefix = dot < 0 ? "" : word.substring(0, dot + 1);
    List<String> path = dot < 0 ? List.of() : List.of(word.substring(0, dot).split("\\.", -1));
    for (SchemaIndex.Member m : data.schema().members(command, path)) {
      String key = prefix + m.name();
      if (!used.contains(key)) {
        out.add(partial(key + "="));
      }
      if (m.object()) {
        out.add(partial(key + "."));
      }
    }
  }

  /** A complete word: a space follows it. */
  private static Candidate word(String value) {
    return new Candidate(value, value, null, null, null, null, true);
  }

  /** A word that goes on ({@code name=}, {@code name.}): no space after it. */
  private static Candidate partial(String value) {
    return new Candidate(value, value, null, null, null, null, false);
  }
}
