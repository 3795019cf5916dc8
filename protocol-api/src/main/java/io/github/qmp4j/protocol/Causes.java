package io.github.qmp4j.protocol;

/** One-line summaries of exceptions for messages and logs, like {@code qemu.qmp}'s. */
final class Causes {
  private Causes() {}

  static String summary(Throwable error) {
    String message = error.getMessage();
    String type = error.getClass().getSimpleName();
    return message == null || message.isEmpty() ? type : type + ": " + message;
  }
}
