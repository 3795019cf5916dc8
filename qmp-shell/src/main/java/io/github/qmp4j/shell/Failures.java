package io.github.qmp4j.shell;

import io.github.qmp4j.client.QmpErrorResponseException;
import java.io.PrintStream;

/**
 * Reports a failure in one line on stderr and chooses the exit code: {@code ErrorClass: desc} and
 * {@link ExitCodes#QMP_ERROR} for an error reply, {@code qmp4j: cause} and {@link
 * ExitCodes#FAILURE} for everything else (connecting, timeouts, lost connections, protocol
 * violations). With {@code --debug} the stack trace follows.
 */
final class Failures {
  private Failures() {}

  static int report(Throwable error, PrintStream err, boolean debug) {
    if (error instanceof QmpErrorResponseException e) {
      err.println(e.errorClass() + ": " + e.desc());
      return ExitCodes.QMP_ERROR;
    }
    err.println("qmp4j: " + oneLine(describe(error)));
    if (debug) {
      error.printStackTrace(err);
    }
    return ExitCodes.FAILURE;
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = error.getCause();
      return cause != null && cause != error
          ? error.getClass().getSimpleName() + ": " + describe(cause)
          : error.getClass().getSimpleName();
    }
    // An I/O error's message is often just a path: its type says what happened to it.
    return error instanceof java.io.IOException
        ? error.getClass().getSimpleName() + ": " + message
        : message;
  }

  /** Whether a timeout is among the causes. */
  static boolean isTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.github.qmp4j.protocol.ProtocolTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
