package io.github.qmp4j.protocol.internal;

import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side of a session: a queue plus a writer loop.
 *
 * <p>Why the caller writes itself when nothing is queued: a hand-off to the writer thread costs a
 * wake-up on the path of every command. Order still holds because exactly one thread writes at a
 * time ({@code busy}) and a caller only writes directly when the queue is empty; anything that
 * arrives meanwhile queues behind it, and the writer thread (started on first need) drains the
 * queue in order, batching queued messages into one write.
 *
 * <p>A caller that wrote directly also writes, in one batch, whatever queued behind it meanwhile:
 * only what queues after that wakes the writer thread.
 *
 * <p>Why two conditions and so few signals: a signal to a parked thread is a system call. Queueing
 * behind a busy writer signals nobody, since whoever is writing looks at the queue when done; the
 * writer thread is signalled only when a write ends with messages left over; and {@code drained} is
 * signalled only once closing, when {@link #closeAndFlush} may wait on it.
 *
 * <p>The thread that dispatches inbound messages may {@linkplain #deferWritesOfThisThread defer}
 * what it sends, so that the answers to one read go out in one write.
 *
 * @param <M> the message type
 */
public final class Outbound<M> {
  private record Item<M>(M message, List<FileDescriptor> descriptors) {}

  private final MessageWriter<M> writer;
  private final @Nullable FileDescriptorPassing fdPassing;
  private final UnaryOperator<M> filter;
  private final Consumer<Throwable> onFailure;
  private final ThreadFactory threads;
  private final String threadName;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition(); // the writer thread waits here
  private final Condition drained = lock.newCondition(); // closeAndFlush waits here
  private final ArrayDeque<Item<M>> queue = new ArrayDeque<>();
  private boolean busy;
  private volatile boolean closed; // written under the lock; read without it when deferring
  // Compared with the current thread only: a thread finds itself here only if it wrote itself
  // here, which needs no barrier; any other value, stale or not, means "not me".
  private @Nullable Thread deferringThread;
  private final ArrayList<Item<M>> deferred = new ArrayList<>(); // deferringThread's alone
  private @Nullable Throwable failure;
  private @Nullable Thread writerThread;

  /**
   * Creates the outbound side of one session.
   *
   * @param writer the codec's writer for the connection
   * @param fdPassing the connection's descriptor passing, or {@code null}
   * @param filter applied to each message right before it is encoded (logging)
   * @param onFailure told once about a write that failed; the session then ends
   * @param threads makes the writer thread when one is first needed
   * @param threadName the writer thread's name
   */
  public Outbound(
      MessageWriter<M> writer,
      @Nullable FileDescriptorPassing fdPassing,
      UnaryOperator<M> filter,
      Consumer<Throwable> onFailure,
      ThreadFactory threads,
      String threadName) {
    this.writer = writer;
    this.fdPassing = fdPassing;
    this.filter = filter;
    this.onFailure = onFailure;
    this.threads = threads;
    this.threadName = threadName;
  }

  /**
   * Sends a message: writes it on this thread when nothing is queued, else queues it; on a thread
   * that {@linkplain #deferWritesOfThisThread defers}, keeps it for {@link #flushDeferred}.
   *
   * @param message the message
   * @param descriptors descriptors to attach to the message's own bytes
   * @throws DisconnectedException when the session no longer sends
   */
  public void send(M message, List<FileDescriptor> descriptors) {
    Item<M> item = new Item<>(message, List.copyOf(descriptors));
    // Descriptors are never held back: their caller may close them once its command is answered.
    if (deferringThread == Thread.currentThread() && item.descriptors().isEmpty()) {
      if (closed) {
        throwClosed();
      }
      deferred.add(item);
      return;
    }
    submit(List.of(item), true);
  }

  /**
   * From now on, until {@link #stopDeferring}, keeps what this thread sends instead of writing it,
   * so that {@link #flushDeferred} writes it all at once. Why: the thread that dispatches the
   * messages of one read issues, through its handlers, a message for many of them; one write for
   * all of them costs one system call instead of one each. Only that thread's messages wait, and
   * only until it is about to block for input or gives up reading.
   */
  public void deferWritesOfThisThread() {
    deferringThread = Thread.currentThread();
  }

  /** Writes what this thread deferred, then stops deferring. */
  public void stopDeferring() {
    try {
      flushDeferred();
    } finally {
      deferringThread = null;
    }
  }

  /**
   * Writes what this thread deferred, in order, as one batch (or queues it behind a busy writer).
   * Does nothing on any other thread. Once the session has ended what was deferred is dropped: the
   * end of the session fails the calls waiting for it.
   */
  public void flushDeferred() {
    if (deferred.isEmpty() || deferringThread != Thread.currentThread()) {
      return;
    }
    try {
      submit(deferred, false);
    } finally {
      deferred.clear();
    }
  }

  /** Writes items on this thread when nothing is queued or being written, else queues them. */
  private void submit(List<Item<M>> items, boolean throwIfClosed) {
    lock.lock();
    try {
      if (closed) {
        if (throwIfClosed) {
          throwClosed();
        }
        return;
      }
      if (busy || !queue.isEmpty()) {
        queue.addAll(items); // the busy writer, or the writer thread already signalled, takes them
        return;
      }
      busy = true;
    } finally {
      lock.unlock();
    }
    try {
      writeBatch(items); // a failure ends the session; callers learn of it from there
      List<Item<M>> queuedMeanwhile = takeQueued();
      if (queuedMeanwhile != null) {
        writeBatch(queuedMeanwhile);
      }
    } finally {
      lock.lock();
      try {
        writeEnded();
      } finally {
        lock.unlock();
      }
    }
  }

  private void throwClosed() {
    lock.lock();
    try {
      throw new DisconnectedException("Cannot send: the session is not running", failure);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes what queued behind this caller's own write, once: writing it here in one batch costs less
   * than waking the writer thread, and a single round keeps one caller from writing for everybody
   * else indefinitely; what queues after it goes to the writer thread.
   */
  private @Nullable List<Item<M>> takeQueued() {
    lock.lock();
    try {
      if (queue.isEmpty()) { // abandon and fail empty it: nothing is written after those
        return null;
      }
      List<Item<M>> taken = new ArrayList<>(queue);
      queue.clear();
      return taken;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: a write ended; hands what queued meanwhile to the writer thread. */
  private void writeEnded() {
    busy = false;
    if (!queue.isEmpty()) {
      wakeWriter();
    } else if (closed) {
      work.signal(); // a writer thread that woke while this write was busy may end now
      drained.signalAll();
    }
  }

  /** Under the lock: makes sure a writer thread exists and sees the queue. */
  private void wakeWriter() {
    if (writerThread == null) {
      Thread t = threads.newThread(this::writerLoop);
      t.setName(threadName);
      writerThread = t;
      t.start();
    }
    work.signal();
  }

  private void writerLoop() {
    List<Item<M>> batch = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        while (busy || queue.isEmpty()) {
          if (closed && queue.isEmpty()) {
            return;
          }
          work.awaitUninterruptibly();
        }
        batch.addAll(queue);
        queue.clear();
        busy = true;
      } finally {
        lock.unlock();
      }
      try {
        writeBatch(batch);
      } finally {
        batch.clear();
        lock.lock();
        try {
          writeEnded();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Writes items in order; consecutive items without descriptors go out as one write. */
  private void writeBatch(List<Item<M>> items) {
    try {
      boolean pending = false;
      for (Item<M> item : items) {
        if (!item.descriptors().isEmpty()) {
          if (pending) {
            writer.flush();
          }
          writer.encode(filter.apply(item.message()));
          if (fdPassing == null) {
            throw new IOException("This connection cannot pass file descriptors");
          }
          fdPassing.attachToNextWrite(item.descriptors());
          writer.flush();
          pending = false;
        } else {
          writer.encode(filter.apply(item.message()));
          pending = true;
        }
      }
      if (pending) {
        writer.flush();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Throwable error) {
    lock.lock();
    try {
      if (closed) {
        return; // a write failing because we closed the connection is no news
      }
      closed = true;
      failure = error;
      queue.clear();
      work.signal();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
    onFailure.accept(error);
  }

  /**
   * Stops accepting messages and waits until everything queued before has been written.
   *
   * @param deadline how long to wait for the flush
   * @return whether everything was written in time
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean closeAndFlush(Deadline deadline) throws InterruptedException {
    flushDeferred(); // closing from a handler on the reading thread: what it sent still goes out
    lock.lock();
    try {
      closed = true;
      work.signal(); // an idle writer thread sees the close and ends
      while (busy || !queue.isEmpty()) {
        long left = deadline.remainingNanos();
        if (left <= 0) {
          return false;
        }
        drained.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting messages and drops what is queued, recording why.
   *
   * @param cause the error that ended the session, or {@code null}
   */
  public void abandon(@Nullable Throwable cause) {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        failure = cause;
      }
      queue.clear();
      work.signal();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the writer thread, or {@code null} when none was needed. */
  public @Nullable Thread writerThread() {
    lock.lock();
    try {
      return writerThread;
    } finally {
      lock.unlock();
    }
  }
}
