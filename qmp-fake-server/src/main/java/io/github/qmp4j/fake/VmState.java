package io.github.qmp4j.fake;

import java.util.Objects;

/** The VM run state the fake pretends to be in, shared by all sessions as QEMU's is. */
final class VmState {
  private String status;

  VmState(String status) {
    this.status = Objects.requireNonNull(status);
  }

  synchronized String status() {
    return status;
  }

  synchronized void set(String status) {
    this.status = Objects.requireNonNull(status);
  }

  synchronized boolean running() {
    return status.equals("running");
  }

  /** Pauses a running VM; returns whether that changed anything (and so sends {@code STOP}). */
  synchronized boolean stop() {
    if (!status.equals("running")) {
      return false;
    }
    status = "paused";
    return true;
  }

  /** Resumes a VM that is not running; returns whether that changed anything ({@code RESUME}). */
  synchronized boolean cont() {
    if (status.equals("running")) {
      return false;
    }
    status = "running";
    return true;
  }
}
