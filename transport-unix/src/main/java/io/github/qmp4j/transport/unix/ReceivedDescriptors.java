package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The descriptors that arrived on one connection and were not taken yet, in arrival order.
 *
 * <p>Why each arrival is duplicated: junixsocket closes every descriptor it ever received on a
 * socket when that socket closes, including ones the application still uses. A taken descriptor
 * belongs to the caller and must outlive the connection, so this keeps duplicates junixsocket does
 * not know about and closes junixsocket's originals at once.
 */
final class ReceivedDescriptors {
  private static final Logger logger = LoggerFactory.getLogger(ReceivedDescriptors.class);

  private final Object lock = new Object();

  /**
   * Held while junixsocket's originals are closed here and while the socket closes. Why: closing a
   * received descriptor locks the {@link FileDescriptor}, then junixsocket's map of received
   * descriptors (to forget it); closing the socket locks that map, then each descriptor in it (to
   * close it). Run at the same time on the same descriptor, the two deadlock, leaving the reader
   * and the closing thread blocked for good (a soak with descriptors in flight at forced
   * disconnects found it). This lock puts them one after the other.
   */
  private final Object originals = new Object();

  private final List<FileDescriptor> pending = new ArrayList<>(); // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * Moves what the socket received with its latest reads into this inbox. Called by the reading
   * thread right after each read.
   *
   * @throws IOException when a descriptor cannot be duplicated (out of descriptors); every
   *     descriptor of that arrival is closed
   */
  void collect(AFUNIXSocket socket) throws IOException {
    FileDescriptor[] arrived = socket.getReceivedFileDescriptors();
    if (arrived == null || arrived.length == 0) {
      return;
    }
    List<FileDescriptor> owned;
    synchronized (originals) {
      owned = adopt(arrived);
    }
    logger.debug("Received {} file descriptor(s)", owned.size());
    synchronized (lock) {
      if (!closed) {
        pending.addAll(owned);
        return;
      }
    }
    Descriptors.closeAll(owned); // arrived while the connection was closing
  }

  private static List<FileDescriptor> adopt(FileDescriptor[] arrived) throws IOException {
    List<FileDescriptor> owned = new ArrayList<>(arrived.length);
    IOException failure = null;
    for (FileDescriptor original : arrived) {
      try {
        if (failure == null) {
          owned.add(Descriptors.duplicate(original));
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        FileDescriptorPassing.close(original);
      }
    }
    if (failure != null) {
      Descriptors.closeAll(owned);
      throw new IOException("Could not take over a received file descriptor", failure);
    }
    return owned;
  }

  /**
   * Closes the socket the descriptors arrive on, never while {@link #collect} closes originals.
   *
   * @param socket the socket
   * @throws IOException when closing fails
   */
  void closeSocket(AFUNIXSocket socket) throws IOException {
    synchronized (originals) {
      socket.close();
    }
  }

  /** Returns and forgets what arrived so far; the caller owns the descriptors. */
  List<FileDescriptor> take() {
    synchronized (lock) {
      List<FileDescriptor> taken = List.copyOf(pending);
      pending.clear();
      return taken;
    }
  }

  /** Closes what was never taken; anything arriving later is closed on arrival. */
  void close() {
    List<FileDescriptor> orphans;
    synchronized (lock) {
      closed = true;
      orphans = List.copyOf(pending);
      pending.clear();
    }
    if (!orphans.isEmpty()) {
      logger.debug("Closing {} received file descriptor(s) nobody took", orphans.size());
    }
    Descriptors.closeAll(orphans);
  }
}
