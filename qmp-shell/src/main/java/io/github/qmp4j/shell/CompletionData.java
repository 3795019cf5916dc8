package io.github.qmp4j.shell;

import java.util.List;

/**
 * What the shell completes from, loaded once connected: command names from {@code query-commands},
 * the schema from {@code query-qmp-schema}, and in HMP mode the monitor's command and {@code info}
 * names from {@code help} and {@code info}. Starts empty; the completers read it on each Tab, so it
 * can be filled after they were built.
 */
final class CompletionData {
  private volatile List<String> commands = List.of();
  private volatile SchemaIndex schema = SchemaIndex.empty();
  private volatile List<String> infoTopics = List.of();

  List<String> commands() {
    return commands;
  }

  SchemaIndex schema() {
    return schema;
  }

  List<String> infoTopics() {
    return infoTopics;
  }

  CompletionData commands(List<String> names) {
    this.commands = List.copyOf(names);
    return this;
  }

  CompletionData schema(SchemaIndex index) {
    this.schema = index;
    return this;
  }

  CompletionData infoTopics(List<String> topics) {
    this.infoTopics = List.copyOf(topics);
    return this;
  }
}
