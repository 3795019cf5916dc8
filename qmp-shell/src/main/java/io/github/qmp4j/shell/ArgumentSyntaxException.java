package io.github.qmp4j.shell;

/**
 * A command line in {@code qmp-shell} syntax could not be read: an argument that is not {@code
 * key=value}, a key set twice, a key used both as a value and as a parent of dotted keys, an
 * unclosed quote, bad JSON. The message is the text shown to the user.
 */
final class ArgumentSyntaxException extends Exception {
  ArgumentSyntaxException(String message) {
    super(message);
  }
}
