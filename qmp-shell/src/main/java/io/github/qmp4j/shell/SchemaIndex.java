package io.github.qmp4j.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The argument names of each command, read from {@code query-qmp-schema} (QEMU's introspection:
 * commands name an {@code arg-type}, object types list {@code members} and, for unions, {@code
 * variants} whose members count too). Nested objects are reachable by path, for dotted keys.
 */
final class SchemaIndex {
  /** How deep nested objects are followed; QEMU's argument types nest a few levels at most. */
  private static final int MAX_DEPTH = 8;

  /** One argument name and whether its value is an object (so {@code name.} can follow). */
  record Member(String name, boolean object) {}

  private static final SchemaIndex EMPTY = new SchemaIndex(Map.of(), Map.of());

  private final Map<String, JsonNode> types;
  private final Map<String, String> commandArguments;

  private SchemaIndex(Map<String, JsonNode> types, Map<String, String> commandArguments) {
    this.types = types;
    this.commandArguments = commandArguments;
  }

  static SchemaIndex empty() {
    return EMPTY;
  }

  /**
   * Reads the return value of {@code query-qmp-schema}; entries it does not understand are skipped.
   */
  static SchemaIndex of(JsonNode schema) {
    Map<String, JsonNode> types = new HashMap<>();
    Map<String, String> commands = new HashMap<>();
    for (JsonNode entry : schema) {
      String name = text(entry.get("name"));
      String meta = text(entry.get("meta-type"));
      if (name == null || meta == null) {
        continue;
      }
      if (meta.equals("command")) {
        String argType = text(entry.get("arg-type"));
        if (argType != null) {
          commands.put(name, argType);
        }
      } else if (meta.equals("object")) {
        types.put(name, entry);
      }
    }
    return new SchemaIndex(types, commands);
  }

  /**
   * Returns the members at a path inside a command's arguments.
   *
   * @param command the command name
   * @param path the parent keys, empty for the top level
   * @return the members, in schema order; empty when unknown
   */
  List<Member> members(String command, List<String> path) {
    String type = commandArguments.get(command);
    for (String key : path) {
      if (type == null) {
        return List.of();
      }
      type = memberTypes(type).get(key);
    }
    if (type == null || !types.containsKey(type)) {
      return List.of();
    }
    List<Member> result = new ArrayList<>();
    memberTypes(type).forEach((name, t) -> result.add(new Member(name, types.containsKey(t))));
    return result;
  }

  /** Members and their types of an object type, variants included. */
  private Map<String, String> memberTypes(String type) {
    Map<String, String> out = new LinkedHashMap<>();
    collect(type, out, 0);
    return out;
  }

  private void collect(String type, Map<String, String> out, int depth) {
    JsonNode entity = types.get(type);
    if (entity == null || depth > MAX_DEPTH) {
      return;
    }
    JsonNode members = entity.get("members");
    if (members != null) {
      for (JsonNode m : members) {
        String name = text(m.get("name"));
        String t = text(m.get("type"));
        if (name != null && t != null) {
          out.putIfAbsent(name, t);
        }
      }
    }
    JsonNode variants = entity.get("variants");
    if (variants != null) {
      for (JsonNode v : variants) {
        String t = text(v.get("type"));
        if (t != null) {
          collect(t, out, depth + 1);
        }
      }
    }
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }
}
