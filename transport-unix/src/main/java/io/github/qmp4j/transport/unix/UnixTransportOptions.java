package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.TransportOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@link TransportOption} keys the {@code unix:} transport reads.
 *
 * <pre>{@code
 * TransportOptions options = TransportOptions.empty()
 *     .with(UnixTransportOptions.SOCKET_PERMISSIONS, PosixFilePermissions.fromString("rw-rw----"));
 * }</pre>
 */
public final class UnixTransportOptions {
  /**
   * The permissions of the socket file a server creates; by default {@link
   * #DEFAULT_SOCKET_PERMISSIONS} ({@code rw-------}), so only the owner may connect. The socket
   * never exists at its path with other permissions, unless the path is so close to the 107-byte
   * limit that no private directory fits beside it (a warning is logged then). Ignored for abstract
   * names ({@code unix:@name}), which have no file and no permissions.
   */
  @SuppressWarnings("unchecked") // Set.class stands for Set<PosixFilePermission>; see permissions()
  public static final TransportOption<Set<PosixFilePermission>> SOCKET_PERMISSIONS =
      (TransportOption<Set<PosixFilePermission>>)
          (TransportOption<?>) TransportOption.of("unix.socketPermissions", Set.class);

  /** Owner read and write, {@code 0600}. */
  public static final Set<PosixFilePermission> DEFAULT_SOCKET_PERMISSIONS =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private UnixTransportOptions() {}

  /**
   * Copies a permission set element by element, since a raw {@code Set} may have slipped past the
   * key's type.
   *
   * @throws IllegalArgumentException when an element is not a {@link PosixFilePermission}
   */
  static Set<PosixFilePermission> permissions(Set<?> value) {
    Set<PosixFilePermission> copy = EnumSet.noneOf(PosixFilePermission.class);
    for (Object element : value) {
      if (!(element instanceof PosixFilePermission permission)) {
        throw new IllegalArgumentException(
            SOCKET_PERMISSIONS + " holds " + element + ", which is no PosixFilePermission");
      }
      copy.add(permission);
    }
    return copy;
  }
}
