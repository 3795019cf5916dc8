package io.github.qmp4j.shell;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in HMP mode ({@code -H}): the first word completes to a monitor command, the word
 * after {@code info} to an {@code info} topic, and the word after {@code help} to a command.
 */
final class HmpCompleter implements Completer {
  private final CompletionData data;

  HmpCompleter(CompletionData data) {
    this.data = data;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, line.wordIndex());
    if (before.isEmpty() || (before.size() == 1 && before.get(0).equals("help"))) {
      data.commands().forEach(c -> candidates.add(new Candidate(c)));
    } else if (before.size() == 1 && before.get(0).equals("info")) {
      data.infoTopics().forEach(c -> candidates.add(new Candidate(c)));
    }
  }
}
