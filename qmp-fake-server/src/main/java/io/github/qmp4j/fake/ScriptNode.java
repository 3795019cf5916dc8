package io.github.qmp4j.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A node of a fake script with its path, for validation errors that say where. */
record ScriptNode(JsonNode json, String path) {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  FakeScriptException error(String problem) {
    return new FakeScriptException(path, problem, null);
  }

  ScriptNode member(String key) {
    JsonNode value = json.get(key);
    String where = PLAIN_KEY.matcher(key).matches() ? path + "." + key : path + "[\"" + key + "\"]";
    return new ScriptNode(
        value == null ? tools.jackson.databind.node.MissingNode.getInstance() : value, where);
  }

  boolean has(String key) {
    return json.has(key);
  }

  ScriptNode element(int index) {
    return new ScriptNode(json.get(index), path + "[" + index + "]");
  }

  ObjectNode object() {
    if (!json.isObject()) {
      throw error("expected an object, found " + describe());
    }
    return (ObjectNode) json;
  }

  /** Checks that an object has no members but the known ones (to catch typos). */
  ScriptNode onlyMembers(Set<String> known) {
    for (String key : object().propertyNames()) {
      if (!known.contains(key)) {
        throw member(key)
            .error("unknown member (expected one of " + new java.util.TreeSet<>(known) + ")");
      }
    }
    return this;
  }

  List<ScriptNode> elements() {
    if (!json.isArray()) {
      throw error("expected an array, found " + describe());
    }
    List<ScriptNode> list = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      list.add(element(i));
    }
    return list;
  }

  String string() {
    if (!json.isString()) {
      throw error("expected a string, found " + describe());
    }
    return json.stringValue();
  }

  boolean bool() {
    if (!json.isBoolean()) {
      throw error("expected true or false, found " + describe());
    }
    return json.booleanValue();
  }

  int positiveInt() {
    if (!json.isIntegralNumber() || !json.canConvertToInt() || json.intValue() < 1) {
      throw error("expected a positive integer, found " + describe());
    }
    return json.intValue();
  }

  int nonNegativeInt() {
    if (!json.isIntegralNumber() || !json.canConvertToInt() || json.intValue() < 0) {
      throw error("expected a non-negative integer, found " + describe());
    }
    return json.intValue();
  }

  boolean missing() {
    return json.isMissingNode();
  }

  @Nullable String optionalString() {
    return missing() ? null : string();
  }

  private String describe() {
    if (json.isMissingNode()) {
      return "nothing";
    }
    String text = json.toString();
    return json.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
  }
}
