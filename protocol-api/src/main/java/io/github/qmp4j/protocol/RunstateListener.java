package io.github.qmp4j.protocol;

/**
 * Observes runstate transitions of an {@link AsyncProtocol}.
 *
 * <p>Called on the thread that made the transition, outside the engine's locks, in transition
 * order. A listener that throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface RunstateListener {
  /**
   * Reports one transition.
   *
   * @param from the previous state
   * @param to the new state
   */
  void runstateChanged(Runstate from, Runstate to);
}
