package io.github.qmp4j.protocol;

import java.util.Set;

/**
 * A lifecycle call was made in a runstate that does not allow it, such as {@code connect()} on a
 * protocol that is already running. Nothing was changed.
 */
public final class StateException extends ProtocolException {
  private final Runstate actual;
  private final Set<Runstate> required;

  /**
   * Creates the exception.
   *
   * @param message what is going on, e.g. "is already connected and running"
   * @param actual the state the protocol was in
   * @param required the states the call needs
   */
  public StateException(String message, Runstate actual, Set<Runstate> required) {
    super(message);
    this.actual = actual;
    this.required = Set.copyOf(required);
  }

  /** Returns the state the protocol was in when the call was made. */
  public Runstate actual() {
    return actual;
  }

  /** Returns the states in which the call would have been allowed. */
  public Set<Runstate> required() {
    return required;
  }
}
