package io.github.qmp4j.client;

/**
 * The QEMU version from the greeting.
 *
 * @param major the major version, e.g. 7
 * @param minor the minor version, e.g. 2
 * @param micro the micro version
 * @param packageName the distribution's package string, possibly empty
 */
public record QemuVersion(int major, int minor, int micro, String packageName)
    implements Comparable<QemuVersion> {

  /**
   * Tells whether this version is at least {@code major.minor}.
   *
   * @param major the major version
   * @param minor the minor version
   * @return whether this version is that or newer
   */
  public boolean isAtLeast(int major, int minor) {
    return this.major != major ? this.major > major : this.minor >= minor;
  }

  @Override
  public int compareTo(QemuVersion o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(micro, o.micro);
  }

  /** Returns {@code major.minor.micro}. */
  @Override
  public String toString() {
    return major + "." + minor + "." + micro;
  }
}
