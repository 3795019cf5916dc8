package io.github.qmp4j.fake;

import org.jspecify.annotations.Nullable;

/**
 * A fake script is not valid: not JSON, or a member is missing, misspelt or of the wrong type. The
 * message names the bad place as a path such as {@code $.commands["query-block"][1].error}.
 */
public final class FakeScriptException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * Creates the exception.
   *
   * @param path where in the script, e.g. {@code $.events[0].event}
   * @param problem what is wrong there
   * @param cause the parser's error, or {@code null}
   */
  public FakeScriptException(String path, String problem, @Nullable Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  /** Returns where in the script the problem is, e.g. {@code $.commands.stop.delayMs}. */
  public String path() {
    return path;
  }
}
