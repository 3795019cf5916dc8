package io.github.qmp4j.shell;

import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpCommand;
import io.github.qmp4j.protocol.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fills {@link CompletionData} from the server. Completion is a convenience: a server that lacks
 * {@code query-qmp-schema} (or answers HMP's {@code help} oddly) leaves that part empty and the
 * shell works on.
 */
final class CompletionLoader {
  private static final Logger logger = LoggerFactory.getLogger(CompletionLoader.class);

  private CompletionLoader() {}

  static void loadQmp(QmpClient client, CompletionData data, Duration timeout)
      throws InterruptedException {
    JsonNode commands = query(client, "query-commands", null, timeout);
    if (commands != null) {
      TreeSet<String> names = new TreeSet<>();
      for (JsonNode c : commands) {
        JsonNode name = c.get("name");
        if (name != null && name.isString()) {
          names.add(name.stringValue());
        }
      }
      data.commands(new ArrayList<>(names));
    }
    JsonNode schema = query(client, "query-qmp-schema", null, timeout);
    if (schema != null && schema.isArray()) {
      data.schema(SchemaIndex.of(schema));
    }
  }

  static void loadHmp(QmpClient client, CompletionData data, Duration timeout)
      throws InterruptedException {
    data.commands(hmpNames(hmp(client, "help", timeout), 0));
    data.infoTopics(hmpNames(hmp(client, "info", timeout), 1));
  }

  /**
   * Reads names from HMP's help listing: one command per line, {@code name args -- text}, with
   * aliases as {@code c|cont} (the longest wins); for {@code info}, the second word.
   */
  static List<String> hmpNames(String listing, int word) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : listing.split("\r?\n", -1)) {
      if (line.isEmpty() || line.startsWith("[") || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      if (line.startsWith("unknown command")) {
        continue;
      }
      String[] words = line.strip().split("\\s+", -1);
      if (words.length <= word) {
        continue;
      }
      String longest = "";
      for (String alias : words[word].split("\\|", -1)) {
        if (alias.length() > longest.length()) {
          longest = alias;
        }
      }
      if (!longest.isEmpty() && !longest.equals("--")) {
        names.add(longest);
      }
    }
    return new ArrayList<>(names);
  }

  private static String hmp(QmpClient client, String line, Duration timeout)
      throws InterruptedException {
    JsonNode out = query(client, "human-monitor-command", Map.of("command-line", line), timeout);
    return out != null && out.isString() ? out.stringValue() : "";
  }

  private static @org.jspecify.annotations.Nullable JsonNode query(
      QmpClient client,
      String command,
      @org.jspecify.annotations.Nullable Object args,
      Duration timeout)
      throws InterruptedException {
    try {
      return client.execute(QmpCommand.of(command).arguments(args).timeout(timeout));
    } catch (ProtocolException e) {
      logger.debug("No completion from {}: {}", command, e.toString());
      return null;
    }
  }
}
