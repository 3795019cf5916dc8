package io.github.qmp4j.protocol.transport.memory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded one-way byte pipe between two threads. Unlike {@code java.io.PipedInputStream} it does
 * not poll, does not care which threads use it, and closes cleanly from either end.
 */
final class MemoryPipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final byte[] ring;
  private int head;
  private int size;
  private boolean writerClosed;
  private boolean readerClosed;
  private volatile long readTimeoutNanos; // 0: reads wait without limit

  MemoryPipe(int capacity) {
    ring = new byte[capacity];
  }

  final InputStream input =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return MemoryPipe.this.read(b, off, len);
        }

        @Override
        public int available() {
          lock.lock();
          try {
            return size;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void close() {
          closeReader();
        }
      };

  final OutputStream output =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          MemoryPipe.this.write(b, off, len);
        }

        @Override
        public void close() {
          closeWriter();
        }
      };

  private int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      long timeout = readTimeoutNanos;
      long deadline = System.nanoTime() + timeout;
      while (size == 0) {
        if (readerClosed) {
          throw new IOException("Pipe closed");
        }
        if (writerClosed) {
          return -1;
        }
        if (timeout == 0) {
          awaitInterruptibly(readable);
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new SocketTimeoutException("Read timed out");
          }
          awaitNanosInterruptibly(readable, left);
        }
      }
      int n = Math.min(len, size);
      int first = Math.min(n, ring.length - head);
      System.arraycopy(ring, head, b, off, first);
      System.arraycopy(ring, 0, b, off + first, n - first);
      head = (head + n) % ring.length;
      size -= n;
      writable.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  private void write(byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      int done = 0;
      while (done < len) {
        if (readerClosed || writerClosed) {
          throw new EOFException("Pipe closed by peer");
        }
        if (size == ring.length) {
          awaitInterruptibly(writable);
          continue;
        }
        int tail = (head + size) % ring.length;
        int n = Math.min(len - done, Math.min(ring.length - size, ring.length - tail));
        System.arraycopy(b, off + done, ring, tail, n);
        size += n;
        done += n;
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("WaitNotInLoop") // both callers loop on their own condition
  private static void awaitInterruptibly(Condition condition) throws InterruptedIOException {
    try {
      condition.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting on an in-memory pipe");
    }
  }

  @SuppressWarnings("WaitNotInLoop") // the caller loops on its own condition
  private static void awaitNanosInterruptibly(Condition condition, long nanos)
      throws InterruptedIOException {
    try {
      condition.awaitNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting on an in-memory pipe");
    }
  }

  void setReadTimeout(long nanos) {
    readTimeoutNanos = nanos;
  }

  void closeWriter() {
    lock.lock();
    try {
      writerClosed = true;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      size = 0;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
