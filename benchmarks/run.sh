#!/usr/bin/env bash
# The one command of BENCHMARKS.md: builds the harness jar, then runs every scenario in one JVM
# (plus a Java 25 child JVM for the virtual-thread rows when a Java 25 is installed).
#   benchmarks/run.sh            the full run (about 1.5 minutes on 2 cores; budget 5)
#   benchmarks/run.sh --quick    a handful of iterations per scenario
#   benchmarks/run.sh --profile  JFR: top costs per message
#   benchmarks/run.sh --soak[=10m] [--clients N ...]  the soak of issue #8 (see SoakOptions.java)
# Needs the other modules in the local repository (mvn install -DskipTests) or add -am yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:--o} -pl benchmarks -Pbench -DskipTests package >&2
if [[ "${1:-}" == --soak* ]]; then
  exec java -Xms1g -Xmx1g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp benchmarks/target/qmp4j-benchmarks-0.1.0-SNAPSHOT-all.jar io.github.qmp4j.benchmarks.Soak "$@"
fi
exec java -Xms1g -Xmx1g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -jar benchmarks/target/qmp4j-benchmarks-0.1.0-SNAPSHOT-all.jar "$@"
