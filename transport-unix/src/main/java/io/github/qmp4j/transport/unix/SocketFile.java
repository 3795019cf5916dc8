package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket file this process created, remembered by identity (device and inode) so that closing
 * removes it only while it is still ours, never a socket or file someone put there since.
 */
final class SocketFile {
  private static final Logger logger = LoggerFactory.getLogger(SocketFile.class);

  private final Path path;
  private final @Nullable Object identity;

  private SocketFile(Path path, @Nullable Object identity) {
    this.path = path;
    this.identity = identity;
  }

  /**
   * Remembers the socket file at {@code path}, identified through {@code sameFile}: another name of
   * it that only this process can reach, so nobody can swap the file in between.
   */
  static SocketFile linkedFrom(Path sameFile, Path path) throws IOException {
    return new SocketFile(path, identityOf(sameFile));
  }

  private static @Nullable Object identityOf(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  Path path() {
    return path;
  }

  /** Removes the file if it is still the one created; never throws. */
  void deleteIfStillOurs() {
    try {
      Object now = identityOf(path);
      if (identity == null || !Objects.equals(identity, now)) {
        logger.debug("Leaving {} alone: it is no longer the socket this process created", path);
        return;
      }
      Files.delete(path);
    } catch (NoSuchFileException e) {
      // already gone, which is what we wanted
    } catch (IOException e) {
      logger.debug("Could not remove socket file {}: {}", path, e.toString());
    }
  }
}
