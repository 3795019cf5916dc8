package io.github.qmp4j.benchmarks;

/**
 * Large replies shaped like {@code query-qmp-schema}'s: an array of small objects (names, meta
 * types, member lists), not one long string, so that parsing them costs what parsing the real
 * schema costs. Generated, not copied from QEMU.
 */
final class Payloads {
  /** The size of QEMU 7.2's {@code query-qmp-schema} reply, about 150 KiB. */
  static final int SCHEMA_BYTES = 150 * 1024;

  static final int BIG_BYTES = 8 * 1024 * 1024;

  private Payloads() {}

  /** A JSON array of schema-like entries, {@code bytes} long (within one entry), on one line. */
  static String schemaLike(int bytes) {
    StringBuilder sb = new StringBuilder(bytes + 256);
    sb.append('[');
    for (int i = 0; sb.length() < bytes - 200; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      switch (i % 3) {
        case 0 ->
            sb.append("{\"name\": \"query-thing-")
                .append(i)
                .append("\", \"ret-type\": \"")
                .append(i + 1)
                .append("\", \"meta-type\": \"command\", \"arg-type\": \"0\"}");
        case 1 ->
            sb.append("{\"name\": \"")
                .append(i)
                .append("\", \"members\": [{\"name\": \"node-name\", \"type\": \"str\"}, ")
                .append("{\"name\": \"size\", \"default\": null, \"type\": \"int\"}, ")
                .append(
                    "{\"name\": \"read-only\", \"type\": \"bool\"}], \"meta-type\": \"object\"}");
        default ->
            sb.append("{\"name\": \"")
                .append(i)
                .append("\", \"meta-type\": \"enum\", \"values\": [\"running\", \"paused\", ")
                .append("\"shutdown\", \"inmigrate\"]}");
      }
    }
    sb.append(']');
    return sb.toString();
  }
}
