package io.github.qmp4j.fake.internal;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a session's reader takes the descriptors that arrived with each read. Bound once the
 * connection is known, because the engine creates the reader before the session is established.
 */
public final class DescriptorSource {
  private volatile @Nullable FileDescriptorPassing passing;

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

  /** Returns the descriptors received since the last call; the caller owns them. */
  List<FileDescriptor> take() {
    FileDescriptorPassing p = passing;
    return p == null ? List.of() : p.takeReceived();
  }
}
