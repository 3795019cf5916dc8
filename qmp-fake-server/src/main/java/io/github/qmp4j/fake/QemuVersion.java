package io.github.qmp4j.fake;

import java.util.Objects;

/**
 * The QEMU version the fake claims, in its greeting, {@code query-version} and {@code info
 * version}.
 *
 * @param major e.g. 7
 * @param minor e.g. 2
 * @param micro e.g. 0
 * @param pkg the package string ({@code ""} for an upstream build, e.g. {@code "Debian
 *     1:7.2+dfsg-7"})
 */
public record QemuVersion(int major, int minor, int micro, String pkg) {
  /** QEMU 7.2.0 as built from the release tarball: the fake's default. */
  public static final QemuVersion QEMU_7_2 = new QemuVersion(7, 2, 0, "");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException when a number is negative
   */
  public QemuVersion {
    Objects.requireNonNull(pkg, "pkg");
    if (major < 0 || minor < 0 || micro < 0) {
      throw new IllegalArgumentException("negative version number");
    }
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + micro + pkg;
  }
}
