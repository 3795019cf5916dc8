package io.github.qmp4j.shell;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the words of a line into a request, keeping the state of {@code qmp-shell}'s {@code
 * transaction(} ... {@code )} blocks across lines. Inside a block each word without {@code =}
 * starts an action ({@code {"type": word, "data": {...}}}) and the {@code key=value} words after it
 * fill the action's data, so one line may hold several actions; {@code )} as the last word sends
 * {@code transaction} with every action collected. A line with an error changes nothing: the
 * transaction stays open and the line can be typed again.
 */
final class RequestParser {
  static final String TRANSACTION_START = "transaction(";
  static final String TRANSACTION_END = ")";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private @Nullable List<ObjectNode> actions; // non-null inside a transaction block

  /** Tells whether a {@code transaction(} block is open. */
  boolean inTransaction() {
    return actions != null;
  }

  /** Drops an open transaction block. */
  void reset() {
    actions = null;
  }

  /**
   * Reads the words of one line.
   *
   * @param words from {@link LineTokenizer}
   * @return the request to send, or {@code null} when there is nothing to send yet (no words, or a
   *     transaction block that is still open)
   * @throws ArgumentSyntaxException when the line is not valid; the state is unchanged
   */
  @Nullable QmpRequest parse(List<String> words) throws ArgumentSyntaxException {
    if (words.isEmpty()) {
      return null;
    }
    int first = 0;
    boolean opens = words.get(0).equals(TRANSACTION_START);
    if (opens) {
      if (actions != null) {
        throw new ArgumentSyntaxException(
            "Already inside transaction(: finish it with " + TRANSACTION_END);
      }
      first = 1;
    } else if (actions == null) {
      return command(words.get(0), NODES.objectNode(), words.subList(1, words.size()));
    }
    List<ObjectNode> lineActions = new ArrayList<>();
    ObjectNode data = null;
    boolean closes = false;
    for (int i = first; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals(TRANSACTION_END)) {
        if (i != words.size() - 1) {
          throw new ArgumentSyntaxException(
              "Unexpected input after close of Transaction sub-shell");
        }
        closes = true;
      } else if (word.indexOf('=') < 0) {
        ObjectNode action = NODES.objectNode();
        action.put("type", word);
        data = action.putObject("data");
        lineActions.add(action);
      } else if (data == null) {
        throw new ArgumentSyntaxException(
            "Expected a transaction action name before '" + word + "'");
      } else {
        KeyValueArguments.apply(data, word);
      }
    }
    List<ObjectNode> all = opens ? new ArrayList<>() : actions;
    if (all == null) {
      throw new IllegalStateException("unreachable: outside a transaction");
    }
    all.addAll(lineActions);
    if (!closes) {
      actions = all;
      return null;
    }
    actions = null;
    ObjectNode arguments = NODES.objectNode();
    arguments.putArray("actions").addAll(all);
    return new QmpRequest("transaction", arguments);
  }

  /**
   * Builds an ordinary command.
   *
   * @param name the command name
   * @param base arguments given as one JSON object ({@code --json}), extended by the words
   * @param keyValues {@code key=value} words
   * @return the request
   * @throws ArgumentSyntaxException when the name or a word is not valid
   */
  static QmpRequest command(String name, ObjectNode base, List<String> keyValues)
      throws ArgumentSyntaxException {
    if (name.equals(TRANSACTION_END)) {
      throw new ArgumentSyntaxException("'" + TRANSACTION_END + "' without transaction(");
    }
    if (name.indexOf('=') >= 0) {
      throw new ArgumentSyntaxException("Expected a command name, got '" + name + "'");
    }
    ObjectNode arguments = base.deepCopy();
    for (String word : keyValues) {
      KeyValueArguments.apply(arguments, word);
    }
    return new QmpRequest(name, arguments);
  }
}
