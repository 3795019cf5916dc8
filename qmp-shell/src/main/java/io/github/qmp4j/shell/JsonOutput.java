package io.github.qmp4j.shell;

import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints JSON: compact on one line (one value per line, for scripts and {@code jq}), or indented
 * for people ({@code --pretty}, {@code -p}) with {@code "name": value} as {@code qmp-shell} shows
 * it.
 */
final class JsonOutput {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectWriter PRETTY =
      MAPPER
          .writer()
          .with(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                          .withObjectEmptySeparator("")
                          .withArrayEmptySeparator("")));

  private JsonOutput() {}

  static String format(JsonNode node, boolean pretty) {
    return pretty ? PRETTY.writeValueAsString(node) : node.toString();
  }
}
