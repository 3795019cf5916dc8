/**
 * qmp4j's performance harness (not published): measures what the client adds between the caller and
 * the socket, against raw socket loops run on the same peers in the same JVM. Run it with {@code
 * mvn -B -o -q -pl benchmarks -Pbench -DskipTests package}; see BENCHMARKS.md.
 */
module io.github.qmp4j.benchmarks {
  requires io.github.qmp4j.client;
  requires io.github.qmp4j.fake;
  requires org.newsclub.net.unix;
  requires jdk.management;
  requires jdk.jfr;
  requires static org.jspecify;

  exports io.github.qmp4j.benchmarks;
}
