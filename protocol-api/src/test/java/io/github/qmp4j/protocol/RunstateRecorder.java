package io.github.qmp4j.protocol;

import java.util.ArrayList;
import java.util.List;

/** Records every runstate transition, to compare whole sequences with qemu.qmp's. */
final class RunstateRecorder implements RunstateListener {
  private final List<Runstate> seen = new ArrayList<>();

  @Override
  public synchronized void runstateChanged(Runstate from, Runstate to) {
    seen.add(to);
  }

  synchronized List<Runstate> seen() {
    return List.copyOf(seen);
  }
}
