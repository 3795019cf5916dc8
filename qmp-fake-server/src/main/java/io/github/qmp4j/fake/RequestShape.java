package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.QDictOrder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * QEMU's check of a request's members ({@code qmp_dispatch_check_obj}), walking them in QEMU's
 * dictionary order so that a request with several problems gets the same complaint.
 */
final class RequestShape {
  private RequestShape() {}

  /** Tells whether QEMU treats the request as out-of-band ({@code qmp_is_oob}). */
  static boolean isOob(JsonNode request) {
    return request.isObject() && request.has("exec-oob") && !request.has("execute");
  }

  /**
   * Checks the members.
   *
   * @param request the request object
   * @param allowOob whether OOB was negotiated ({@code exec-oob} is a member only then)
   * @return QEMU's complaint, or {@code null} when the request is well-formed
   */
  static @Nullable String problem(ObjectNode request, boolean allowOob) {
    List<String> names = new ArrayList<>(request.propertyNames());
    String execKey = null;
    for (String name : QDictOrder.order(names)) {
      JsonNode value = request.get(name);
      if (name.equals("execute") || (name.equals("exec-oob") && allowOob)) {
        if (!value.isString()) {
          return "QMP input member '" + name + "' must be a string";
        }
        if (execKey != null) {
          return "QMP input member '" + name + "' clashes with '" + execKey + "'";
        }
        execKey = name;
      } else if (name.equals("arguments")) {
        if (!value.isObject()) {
          return "QMP input member 'arguments' must be an object";
        }
      } else if (!name.equals("id")) {
        return "QMP input member '" + name + "' is unexpected";
      }
    }
    return execKey == null ? "QMP input lacks member 'execute'" : null;
  }
}
