package io.github.qmp4j.fake;

import org.jspecify.annotations.Nullable;

/**
 * How a request is being answered. {@linkplain #blocking() Blocking}: waits (scripted delays) block
 * the thread, as in QEMU's dispatcher. {@linkplain #inline() Inline}: an in-band request answered
 * on the reader thread to save a thread hop; if it has to wait, the rest is deferred to the
 * session's in-band queue so the reader stays free for {@code exec-oob}.
 */
final class Execution {
  /** The rest of an answer, run later on the in-band queue. */
  @FunctionalInterface
  interface Step {
    void run(Execution execution) throws InterruptedException;
  }

  private static final Execution BLOCKING = new Execution(false);

  private final boolean inline;
  private @Nullable Runnable deferred;

  private Execution(boolean inline) {
    this.inline = inline;
  }

  static Execution blocking() {
    return BLOCKING;
  }

  static Execution inline() {
    return new Execution(true);
  }

  /** Runs {@code next} after a wait: at once, after sleeping, or deferred when inline. */
  void afterDelay(FakeSession session, java.time.Duration delay, Step next)
      throws InterruptedException {
    if (delay.isZero()) {
      next.run(this);
    } else if (inline) {
      if (deferred != null) {
        throw new IllegalStateException("deferred twice");
      }
      deferred =
          () -> {
            try {
              if (session.sleep(delay)) {
                next.run(BLOCKING);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
    } else if (session.sleep(delay)) {
      next.run(this);
    }
  }

  /** Returns what an inline execution left to do, or {@code null}. */
  @Nullable Runnable deferred() {
    return deferred;
  }
}
