package io.github.qmp4j.benchmarks;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The scenarios whose peer is qmp4j's own fake server, in this JVM. */
final class FakeScenarios {
  private FakeScenarios() {}

  /** Sequential round trips over {@code unix:} and over {@code memory:}. */
  static void sequential(Harness h, Path work) throws Exception {
    int perRound = h.options().count(2_000, 200);
    try (FakeQmpServer fake = new FakeQmpServer().recordCommands(false)) {
      TransportAddress address = fake.start("unix:" + work.resolve("fake.sock"));
      Path socket = Path.of(address.target());
      h.sequentialPlaced(
          "qmp-fake-server (unix, same JVM)",
          null,
          List.of(Harness.rawJdk(socket), new QmpSubject(Harness.QMP4J, address.toString())),
          "",
          perRound);
    }
    try (FakeQmpServer fake = new FakeQmpServer().recordCommands(false)) {
      TransportAddress address = fake.start("memory:*");
      Subject rawMemory =
          new RawSubject(
              "raw (memory: streams)",
              () ->
                  Wire.streams(
                      TransportRegistry.getDefault()
                          .provider(address)
                          .connect(address, TransportOptions.empty(), Duration.ofSeconds(10))),
              true);
      h.sequentialPlaced(
          "qmp-fake-server (memory:, same JVM)",
          null,
          List.of(rawMemory, new QmpSubject(Harness.QMP4J, address.toString())),
          "",
          perRound);
    }
  }

  static List<Row> connections(int n, Path work) throws Exception {
    return ManyConnections.run(n, work);
  }
}
