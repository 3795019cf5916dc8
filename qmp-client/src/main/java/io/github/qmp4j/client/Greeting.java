package io.github.qmp4j.client;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The server's greeting, {@code {"QMP": {"version": {"qemu": {"major", "minor", "micro"},
 * "package"}, "capabilities": [...]}}}, validated into typed values.
 */
public final class Greeting {
  private final QemuVersion version;
  private final List<String> capabilities;
  private final Message message;

  private Greeting(QemuVersion version, List<String> capabilities, Message message) {
    this.version = version;
    this.capabilities = capabilities;
    this.message = message;
  }

  /**
   * Validates a greeting.
   *
   * @param message the message received
   * @return the greeting
   * @throws GreetingException when the message is not a well-formed greeting
   */
  public static Greeting parse(Message message) {
    JsonNode qmp = message.node().get("QMP");
    if (qmp == null || !qmp.isObject()) {
      throw new GreetingException("no 'QMP' object", message);
    }
    JsonNode version = qmp.get("version");
    if (version == null || !version.isObject()) {
      throw new GreetingException("no 'QMP.version' object", message);
    }
    JsonNode qemu = version.get("qemu");
    if (qemu == null || !qemu.isObject()) {
      throw new GreetingException("no 'QMP.version.qemu' object", message);
    }
    int major = number(qemu, "major", message);
    int minor = number(qemu, "minor", message);
    int micro = number(qemu, "micro", message);
    JsonNode pkg = version.get("package");
    if (pkg != null && !pkg.isString()) {
      throw new GreetingException("'QMP.version.package' is not a string", message);
    }
    JsonNode caps = qmp.get("capabilities");
    if (caps == null || !caps.isArray()) {
      throw new GreetingException("no 'QMP.capabilities' array", message);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode cap : caps) {
      if (!cap.isString()) {
        throw new GreetingException("a capability is not a string", message);
      }
      names.add(cap.stringValue());
    }
    String packageName = pkg == null ? "" : pkg.stringValue();
    return new Greeting(
        new QemuVersion(major, minor, micro, packageName), List.copyOf(names), message);
  }

  private static int number(JsonNode qemu, String member, Message message) {
    JsonNode n = qemu.get(member);
    if (n == null || !n.isInt()) {
      throw new GreetingException("'QMP.version.qemu." + member + "' is not an integer", message);
    }
    return n.intValue();
  }

  /** Returns the QEMU version. */
  public QemuVersion version() {
    return version;
  }

  /** Returns the capabilities the server offers, e.g. {@code [oob]}. */
  public List<String> capabilities() {
    return capabilities;
  }

  /**
   * Tells whether the server offers a capability.
   *
   * @param capability e.g. {@code oob}
   * @return whether it is offered
   */
  public boolean offers(String capability) {
    return capabilities.contains(capability);
  }

  /** Returns the greeting as received. */
  public Message message() {
    return message;
  }

  @Override
  public String toString() {
    return "QEMU " + version + " " + capabilities;
  }
}
