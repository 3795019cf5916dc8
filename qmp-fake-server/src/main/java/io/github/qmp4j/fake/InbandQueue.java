package io.github.qmp4j.fake;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A session's in-band requests once OOB is negotiated: run one at a time, in order, on a pool
 * thread, so that {@code exec-oob} requests (run at once on the reader) can overtake a slow one.
 * Like QEMU, at most 8 wait; then the reader stops reading until one finishes.
 */
final class InbandQueue {
  /** QEMU's {@code QMP_REQ_QUEUE_LEN_MAX}. */
  static final int CAPACITY = 8;

  private final Executor pool;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean draining;
  private boolean closed;

  InbandQueue(Executor pool) {
    this.pool = pool;
  }

  /**
   * Queues a request, blocking while 8 are waiting.
   *
   * @throws InterruptedException when interrupted while blocked
   */
  void submit(Runnable task) throws InterruptedException {
    lock.lock();
    try {
      while (queue.size() >= CAPACITY && !closed) {
        notFull.await();
      }
      if (closed) {
        return;
      }
      queue.add(task);
      if (draining) {
        return;
      }
      draining = true;
    } finally {
      lock.unlock();
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      close(); // the server is closing
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      lock.lock();
      try {
        task = closed ? null : queue.poll();
        if (task == null) {
          draining = false;
          return;
        }
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
      task.run();
    }
  }

  /**
   * Claims the queue for a request answered on the reader thread itself, when nothing waits or
   * runs: the cheap path for the common case of an immediate reply.
   *
   * @return whether the caller may answer inline; then it must call {@link #finishInline}
   */
  boolean tryStartInline() {
    lock.lock();
    try {
      if (draining || closed || !queue.isEmpty()) {
        return false;
      }
      draining = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends an inline answer. Only the reader queues in-band requests, and it was busy answering, so
   * nothing was queued meanwhile; what the answer left to do runs first on a pool thread.
   *
   * @param rest what remains of the answer (after a scripted wait), or {@code null}
   */
  void finishInline(@Nullable Runnable rest) {
    lock.lock();
    try {
      if (rest == null || closed) {
        draining = false;
        notFull.signalAll();
        return;
      }
      queue.addFirst(rest);
    } finally {
      lock.unlock();
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      close(); // the server is closing
    }
  }

  /** Drops what waits and releases a blocked reader; later submissions are ignored. */
  void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
