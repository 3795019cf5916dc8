package io.github.qmp4j.transport.unix;

import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.List;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Duplicating raw {@link FileDescriptor}s, which the JDK offers no direct call for, and closing
 * lists of them.
 */
final class Descriptors {
  private Descriptors() {}

  /** Returns a new descriptor for the same open file, independent of the original. */
  static FileDescriptor duplicate(FileDescriptor original) throws IOException {
    return FileDescriptorCast.duplicating(original).getFileDescriptor();
  }

  static void closeAll(List<FileDescriptor> descriptors) {
    descriptors.forEach(FileDescriptorPassing::close);
  }
}
