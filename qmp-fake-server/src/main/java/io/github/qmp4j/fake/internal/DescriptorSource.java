package io.github.qmp4j.fake.internal;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The descriptors one session received, and who owns them. The session's reader takes them from the
 * connection as they arrive (bound once the connection is known, because the engine creates the
 * reader before the session is established); from then on this source holds each one until a
 * command {@linkplain #claim claims} it ({@code getfd}, {@code add-fd}) or the session ends, when
 * {@link #closeAll()} closes whatever is left, as QEMU closes the descriptors no command used when
 * a client goes. Whatever path a descriptor takes (queued and dropped, refused by the parser or
 * before negotiation, sent with a command that takes none), it is closed exactly once.
 *
 * <p>Thread-safe: the reader takes, command threads claim, and the closing thread closes.
 */
public final class DescriptorSource {
  private static final Logger logger = LoggerFactory.getLogger(DescriptorSource.class);

  private volatile @Nullable FileDescriptorPassing passing;
  // FileDescriptor has identity equality: each received descriptor is one entry, closed once.
  private final Set<FileDescriptor> held = new HashSet<>(); // guarded by this
  private boolean closed; // guarded by this

  /** Creates an unbound source, which yields nothing. */
  public DescriptorSource() {}

  /**
   * Binds the source to a connection's descriptor passing.
   *
   * @param passing the capability, or {@code null} when the transport has none
   */
  public void bind(@Nullable FileDescriptorPassing passing) {
    this.passing = passing;
  }

  /**
   * Returns the descriptors received since the last call, now held by this source. After {@link
   * #closeAll()} they are closed at once and nothing is returned.
   */
  List<FileDescriptor> take() {
    FileDescriptorPassing p = passing;
    if (p == null) {
      return List.of();
    }
    List<FileDescriptor> arrived = p.takeReceived();
    if (arrived.isEmpty()) {
      return arrived;
    }
    synchronized (this) {
      if (!closed) {
        held.addAll(arrived);
        return arrived;
      }
    }
    arrived.forEach(FileDescriptorPassing::close);
    return List.of();
  }

  /**
   * Takes over a held descriptor: from now on the caller must close it.
   *
   * @param descriptor one that arrived on this session
   * @return whether the caller now owns it; {@code false} when it was already claimed or closed
   *     (the session ended meanwhile)
   */
  public synchronized boolean claim(FileDescriptor descriptor) {
    return held.remove(descriptor);
  }

  /**
   * Closes a held descriptor now, as QEMU closes one a command refused.
   *
   * @param descriptor one that arrived on this session; nothing happens when it was claimed or
   *     closed already
   */
  public void closeNow(FileDescriptor descriptor) {
    if (claim(descriptor)) {
      FileDescriptorPassing.close(descriptor);
    }
  }

  /** Returns how many descriptors are held (neither claimed nor closed). */
  public synchronized int heldCount() {
    return held.size();
  }

  /** Closes every held descriptor; those that arrive later are closed on arrival. Idempotent. */
  public void closeAll() {
    List<FileDescriptor> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(held);
      held.clear();
    }
    if (!all.isEmpty()) {
      logger.debug("Closing {} received descriptor(s) no command took", all.size());
    }
    all.forEach(FileDescriptorPassing::close);
  }
}
