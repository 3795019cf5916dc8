package io.github.qmp4j.shell;

/** The exit codes scripts rely on; {@code --help} lists them. */
final class ExitCodes {
  /** The command succeeded. */
  static final int OK = 0;

  /** QEMU answered with an error ({@code ErrorClass: desc} on stderr). */
  static final int QMP_ERROR = 1;

  /**
   * The tool could not get an answer: connecting, a timeout, a broken or closed connection, a reply
   * that breaks the protocol. Also picocli's code for a usage error.
   */
  static final int FAILURE = 2;

  static final String HELP =
      "%nExit status: 0 success; 1 QEMU answered with an error (printed as \"ErrorClass: desc\");"
          + " 2 no answer: connection, timeout or protocol failure, or a usage error.";

  private ExitCodes() {}
}
