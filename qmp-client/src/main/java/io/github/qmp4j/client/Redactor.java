package io.github.qmp4j.client;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides secrets wherever a message is shown to humans: the DEBUG traffic log, log lines above
 * DEBUG, and exception messages. What it masks: the value of every password-like member at any
 * depth of any message ({@code password}, {@code passwd}, {@code passphrase}, {@code *-password},
 * {@code *_password}), the {@code data} of a {@code secret} object ({@code object-add}), and HMP
 * lines that set passwords or create secrets. The wire always gets the real message, and {@link
 * Message#toString()} stays the exact wire form: only what qmp4j itself prints goes through here.
 */
final class Redactor {
  static final String MASK = "<redacted>";

  private Redactor() {}

  /** Returns the message as it may be shown: itself when nothing is secret, else a copy. */
  static Message redact(Message message) {
    ObjectNode node = message.node();
    String command = message.command();
    JsonNode args = node.get("arguments");
    boolean commandSecret =
        args != null
            && args.isObject()
            && (isSecretObject(command, args) || isPasswordHmp(command, args));
    if (!commandSecret && !hasSensitiveKey(node)) {
      return message;
    }
    ObjectNode copy = message.toObjectNode();
    maskTree(copy);
    if (copy.get("arguments") instanceof ObjectNode copiedArgs) {
      if (isSecretObject(command, copiedArgs)) {
        maskMember(copiedArgs, "data");
        if (copiedArgs.get("props") instanceof ObjectNode props) {
          maskMember(props, "data");
        }
      }
      if (isPasswordHmp(command, copiedArgs)) {
        copiedArgs.put("command-line", MASK);
      }
    }
    return Message.adopt(copy);
  }

  /** Returns the message's compact JSON as it may be shown. */
  static String toString(Message message) {
    return redact(message).toString();
  }

  /** Returns a JSON value's compact text as it may be shown, password-like members masked. */
  static String toString(JsonNode value) {
    if (!hasSensitiveKey(value)) {
      return value.toString();
    }
    JsonNode copy = value.deepCopy();
    maskTree(copy);
    return copy.toString();
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
        || l.startsWith("block_passwd")
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
