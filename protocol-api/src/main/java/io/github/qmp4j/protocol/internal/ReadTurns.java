package io.github.qmp4j.protocol.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides who reads the socket: the background reader thread, or callers that block waiting for a
 * reply.
 *
 * <p>Why: when the reader thread reads a reply and then wakes the caller, one command costs two
 * wake-ups (the kernel's, then ours); a caller that reads the reply itself costs one. So while
 * callers are blocked waiting, and for a short grace period after the last one left (the next
 * command usually follows at once), the background reader leaves the socket alone; callers take
 * turns holding the read lock, and every message they read is dispatched exactly as the background
 * reader would have. Once callers have been gone for the grace period, the background reader reads
 * again, so events and end-of-stream are never held back for longer than that.
 *
 * <p>{@code generation} counts completed reads so that a caller can wait for "some reader made
 * progress" without missing a wake-up.
 */
public final class ReadTurns {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private final Condition background = lock.newCondition();
  private final long graceNanos;
  private int waiters;
  private long generation;
  private long lastExitNanos;
  private boolean closed;

  /**
   * Creates the turns of one session.
   *
   * @param graceNanos how long the background reader stays away after the last caller left
   */
  public ReadTurns(long graceNanos) {
    this.graceNanos = graceNanos;
    this.lastExitNanos = System.nanoTime() - graceNanos;
  }

  /** A caller starts waiting for a reply. */
  public void enter() {
    lock.lock();
    try {
      waiters++;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A blocking caller found its reply already there: like a wait that ended at once, it keeps the
   * background reader away for the grace period, because the next command usually follows.
   */
  public void touch() {
    lock.lock();
    try {
      lastExitNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  /** A caller stops waiting. */
  public void exit() {
    lock.lock();
    try {
      waiters--;
      lastExitNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the number of completed reads so far, to pass to {@link #awaitProgress}.
   *
   * @return the current generation
   */
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** A reader finished reading (and dispatching) one message and released the read lock. */
  public void advanced() {
    lock.lock();
    try {
      generation++;
      if (waiters > 0) {
        progress.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until another reader completes a read after {@code seen}, or the turns close.
   *
   * @param seen the generation observed before trying the read lock
   * @param deadline when to give up
   * @return false when the deadline passed first
   * @throws InterruptedException when interrupted
   */
  public boolean awaitProgress(long seen, Deadline deadline) throws InterruptedException {
    lock.lock();
    try {
      while (generation == seen && !closed) {
        long left = deadline.remainingNanos();
        if (left <= 0) {
          return false;
        }
        progress.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks the background reader until reading is its turn: no caller waiting, and none for the
   * grace period.
   *
   * @return false once the turns are closed
   */
  public boolean awaitBackgroundTurn() {
    lock.lock();
    try {
      while (!closed) {
        long idle = System.nanoTime() - lastExitNanos;
        if (waiters == 0 && idle >= graceNanos) {
          return true;
        }
        // Timed, not signalled: a signal at every caller's exit would cost a wake-up per command.
        background.awaitNanos(waiters > 0 ? graceNanos : graceNanos - idle);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tells the background reader, holding the read lock, whether it may still read now.
   *
   * @return whether no caller waits and none did within the grace period
   */
  public boolean backgroundMayRead() {
    lock.lock();
    try {
      return waiters == 0 && System.nanoTime() - lastExitNanos >= graceNanos;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the turns: everybody waiting wakes up. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      progress.signalAll();
      background.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
