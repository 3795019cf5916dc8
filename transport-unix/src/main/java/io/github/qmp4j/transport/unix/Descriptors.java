package io.github.qmp4j.transport.unix;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.List;
import org.newsclub.net.unix.FileDescriptorCast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Duplicating and closing raw {@link FileDescriptor}s, which the JDK offers no direct call for. */
final class Descriptors {
  private static final Logger logger = LoggerFactory.getLogger(Descriptors.class);

  private Descriptors() {}

  /** Returns a new descriptor for the same open file, independent of the original. */
  static FileDescriptor duplicate(FileDescriptor original) throws IOException {
    return FileDescriptorCast.duplicating(original).getFileDescriptor();
  }

  /**
   * Closes a descriptor. A {@link FileInputStream} wrapped around any descriptor closes it on
   * {@code close()}, together with whatever else holds the same {@link FileDescriptor} object.
   */
  static void close(FileDescriptor descriptor) {
    if (!descriptor.valid()) {
      return;
    }
    try {
      new FileInputStream(descriptor).close();
    } catch (IOException e) {
      // close(2) failing leaves nothing to retry; the descriptor is gone either way.
      logger.debug("Closing a file descriptor failed: {}", e.toString());
    }
  }

  static void closeAll(List<FileDescriptor> descriptors) {
    for (FileDescriptor d : descriptors) {
      close(d);
    }
  }
}
