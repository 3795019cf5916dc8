package io.github.qmp4j.fake.internal;

/** A message QEMU's JSON parser rejects; the message is QEMU's error text. */
final class JsonSyntaxError extends Exception {
  private static final long serialVersionUID = 1L;

  JsonSyntaxError(String desc) {
    super(desc, null, false, false);
  }
}
