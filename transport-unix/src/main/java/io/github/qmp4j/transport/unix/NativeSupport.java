package io.github.qmp4j.transport.unix;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * Whether junixsocket's native library works here, probed once. Everything else in this package
 * asks here first, so a missing library surfaces as one clear cause instead of a linkage error deep
 * inside a connect.
 */
final class NativeSupport {
  // The native library loads once per JVM; its failure is the cause every later caller must see.
  @SuppressWarnings("StaticAssignmentOfThrowable")
  private static final @Nullable Throwable UNAVAILABILITY = probe();

  private static final boolean DESCRIPTORS =
      UNAVAILABILITY == null && AFSocket.supports(AFSocketCapability.CAPABILITY_FILE_DESCRIPTORS);
  private static final boolean ABSTRACT_NAMESPACE =
      UNAVAILABILITY == null && AFSocket.supports(AFSocketCapability.CAPABILITY_ABSTRACT_NAMESPACE);

  private NativeSupport() {}

  private static @Nullable Throwable probe() {
    try {
      if (AFUNIXSocket.isSupported()) {
        return null;
      }
      AFSocket.ensureSupported(); // throws with junixsocket's own reason
      return new UnsupportedOperationException("junixsocket does not support AF_UNIX here");
    } catch (UnsupportedOperationException | LinkageError e) {
      return e;
    }
  }

  static boolean available() {
    return UNAVAILABILITY == null;
  }

  static @Nullable Throwable unavailabilityCause() {
    return UNAVAILABILITY;
  }

  static boolean descriptorPassing() {
    return DESCRIPTORS;
  }

  static boolean abstractNamespace() {
    return ABSTRACT_NAMESPACE;
  }

  /** Throws when the native library is missing, naming why. */
  static void ensureAvailable() throws IOException {
    Throwable cause = UNAVAILABILITY;
    if (cause != null) {
      throw new IOException(
          "Unix sockets are unavailable: junixsocket's native library did not load ("
              + cause.getMessage()
              + ")",
          cause);
    }
  }
}
