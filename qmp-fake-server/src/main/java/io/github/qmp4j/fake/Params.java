package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.GHashOrder;
import io.github.qmp4j.fake.internal.QDictOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The declared arguments of a built-in command, checked with QEMU's texts and in QEMU's order:
 * declared members first, in declaration order (missing, then wrong type), then the first
 * undeclared name in GLib hash-table order.
 */
final class Params {
  /** A JSON type as QEMU names it in "expected: ...". */
  enum Type {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    ARRAY("array");

    final String qapiName;

    Type(String qapiName) {
      this.qapiName = qapiName;
    }

    boolean matches(JsonNode value) {
      return switch (this) {
        case STRING -> value.isString();
        case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
        case BOOLEAN -> value.isBoolean();
        case ARRAY -> value.isArray();
      };
    }
  }

  /**
   * One declared argument.
   *
   * @param name the argument name
   * @param type its type
   * @param required whether it must be present
   */
  record Param(String name, Type type, boolean required) {}

  static final Params NONE = new Params(List.of());

  private final List<Param> declared;

  private Params(List<Param> declared) {
    this.declared = declared;
  }

  static Params of(Param... declared) {
    return new Params(List.of(declared));
  }

  static Param required(String name, Type type) {
    return new Param(name, type, true);
  }

  static Param optional(String name, Type type) {
    return new Param(name, type, false);
  }

  /**
   * Checks arguments.
   *
   * @param args the arguments object
   * @return QEMU's complaint, or {@code null} when they fit
   */
  @Nullable String problem(ObjectNode args) {
    for (Param p : declared) {
      JsonNode value = args.get(p.name());
      if (value == null) {
        if (p.required()) {
          return "Parameter '" + p.name() + "' is missing";
        }
        continue;
      }
      if (!p.type().matches(value)) {
        return "Invalid parameter type for '" + p.name() + "', expected: " + p.type().qapiName;
      }
    }
    return unexpected(args);
  }

  /** QEMU's complaint about the first undeclared argument, or {@code null}. */
  @Nullable String unexpected(ObjectNode args) {
    List<String> qdictOrder = QDictOrder.order(new ArrayList<>(args.propertyNames()));
    for (String name : GHashOrder.order(qdictOrder)) {
      if (declared.stream().noneMatch(p -> p.name().equals(name))) {
        return "Parameter '" + name + "' is unexpected";
      }
    }
    return null;
  }
}
