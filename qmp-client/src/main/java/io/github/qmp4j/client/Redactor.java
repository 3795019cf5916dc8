package io.github.qmp4j.client;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides secrets in the DEBUG traffic log: values of password-like arguments, the {@code data} of a
 * {@code secret} object, and HMP lines that set passwords. The wire always gets the real message.
 */
final class Redactor {
  static final String MASK = "<redacted>";

  private Redactor() {}

  /** Returns the message as it may be logged: itself when nothing is secret, else a copy. */
  static Message redact(Message message) {
    JsonNode args = message.node().get("arguments");
    if (args == null || !args.isObject() || !containsSecret(message.command(), args)) {
      return message;
    }
    ObjectNode copy = message.toObjectNode();
    ObjectNode copiedArgs = (ObjectNode) copy.get("arguments");
    maskTree(copiedArgs);
    if (isSecretObject(message.command(), copiedArgs)) {
      maskMember(copiedArgs, "data");
      JsonNode props = copiedArgs.get("props");
      if (props instanceof ObjectNode p) {
        maskMember(p, "data");
      }
    }
    if (isPasswordHmp(message.command(), copiedArgs)) {
      copiedArgs.put("command-line", MASK);
    }
    return Message.adopt(copy);
  }

  private static boolean containsSecret(@Nullable String command, JsonNode args) {
    return hasSensitiveKey(args) || isSecretObject(command, args) || isPasswordHmp(command, args);
  }

  private static boolean isSecretObject(@Nullable String command, JsonNode args) {
    return "object-add".equals(command) && "secret".equals(Message.text(args.get("qom-type")));
  }

  private static boolean isPasswordHmp(@Nullable String command, JsonNode args) {
    if (!"human-monitor-command".equals(command)) {
      return false;
    }
    String line = Message.text(args.get("command-line"));
    if (line == null) {
      return false;
    }
    String l = line.strip().toLowerCase(Locale.ROOT);
    return l.startsWith("set_password")
        || l.startsWith("change vnc password")
        || (l.startsWith("object_add") && l.contains("secret"));
  }

  static boolean isSensitive(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.equals("password")
        || k.equals("passwd")
        || k.equals("passphrase")
        || k.endsWith("-password")
        || k.endsWith("_password")
        || k.equals("new-secret-data");
  }

  private static boolean hasSensitiveKey(JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (isSensitive(e.getKey()) || hasSensitiveKey(e.getValue())) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        if (hasSensitiveKey(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void maskTree(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (isSensitive(e.getKey())) {
          e.setValue(Json.NODES.stringNode(MASK));
        } else {
          maskTree(e.getValue());
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        maskTree(child);
      }
    }
  }

  private static void maskMember(ObjectNode object, String member) {
    if (object.has(member)) {
      object.put(member, MASK);
    }
  }
}
