package io.github.qmp4j.benchmarks;

/** How the table names qmp4j variants. */
final class QmpSubjectNames {
  private QmpSubjectNames() {}

  static String qmp4j(String variant) {
    return Harness.QMP4J + ", " + variant;
  }
}
