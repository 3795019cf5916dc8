package io.github.qmp4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness runs: every scenario with a handful of iterations ({@code --quick}), against
 * real peers. Speed is judged by the harness itself, never here: nothing below asserts a rate.
 */
class HarnessSmokeTest {
  @TempDir Path work;

  private List<Row> run(String only) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Harness h = new Harness(Options.parse("--quick", "--only=" + only), work, out);
    h.runAll();
    Table.print(out, h.rows(), h.notes(), h.options());
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("| scenario | peer | client | rate |"), printed);
    return h.rows();
  }

  private static List<Row> where(List<Row> rows, String scenarioPrefix) {
    return rows.stream()
        .filter(r -> r.scenario().startsWith(scenarioPrefix))
        .collect(Collectors.toList());
  }

  private static void assertMeasured(Row row) {
    assertTrue(row.rate() > 0, () -> "no rate: " + row);
    if (!row.client().startsWith("raw")) {
      assertTrue(Double.isFinite(row.ratio()), () -> "no ratio to the raw baseline: " + row);
    }
  }

  private static void assertEachPlacementLabelsItsRows(
      List<Row> rows, List<Placement> placements, int perPlacement) {
    for (Placement p : placements) {
      long labelled = rows.stream().filter(r -> r.peer().endsWith(", " + p.label())).count();
      assertEquals(perPlacement, labelled, () -> p + " in " + rows);
    }
  }

  @Test
  void fastPeerScenariosProduceComparedRows() throws Exception {
    assumeTrue(FastPeer.available(), "no C compiler");
    List<Row> rows = run("sequential,pipelined,events,large");
    List<Row> sequential = where(rows, "sequential");
    List<Placement> placements = Placement.forSequential(true);
    assertEquals(3 * placements.size(), sequential.size(), () -> sequential.toString());
    sequential.forEach(HarnessSmokeTest::assertMeasured);
    assertEachPlacementLabelsItsRows(sequential, placements, 3);
    List<Row> pipelined = where(rows, "pipelined");
    assertEquals(7 * Placement.forPipelined().size(), pipelined.size(), pipelined::toString);
    pipelined.forEach(HarnessSmokeTest::assertMeasured);
    assertEachPlacementLabelsItsRows(pipelined, Placement.forPipelined(), 7);
    List<Row> events = where(rows, "events");
    assertEquals(2, events.size());
    for (Row r : events) {
      assertMeasured(r);
      assertNotNull(r.note());
      assertTrue(r.note().contains("none lost, all in order"), r.note());
    }
    List<Row> large = where(rows, "large reply");
    assertEquals(6, large.size(), large::toString); // raw, qmp4j, Jackson alone; two sizes
    for (Row r : large) {
      if (r.client().startsWith("Jackson")) {
        assertTrue(r.rate() > 0, r::toString);
      } else {
        assertMeasured(r);
      }
    }
    Row qmp4j = Measure.find(sequential, Harness.QMP4J);
    assertNotNull(qmp4j);
    assertTrue(qmp4j.allocPerOp() > 0, "allocation per command was measured");
  }

  @Test
  void fakeServerAndConnectionScenariosRun() throws Exception {
    List<Row> rows = run("fake,connections");
    List<Row> fake = where(rows, "sequential");
    assertEquals(4, fake.size(), () -> fake.toString());
    fake.forEach(HarnessSmokeTest::assertMeasured);
    List<Row> connections = where(rows, "connections");
    assertFalse(connections.isEmpty());
    for (Row r : connections) {
      assertTrue(r.rate() > 0, r.toString());
      assertNotNull(r.note());
      assertTrue(r.note().contains("negotiated"), r.note());
    }
  }

  @Test
  void qemuScenarioRunsWhenQemuIsThere() throws Exception {
    boolean required = "1".equals(System.getenv("QMP4J_REQUIRE_QEMU"));
    if (!required) {
      assumeTrue(QemuPeer.available(), "QEMU is not installed");
    }
    assertTrue(QemuPeer.available(), "QMP4J_REQUIRE_QEMU=1 but " + QemuPeer.BINARY + " is missing");
    List<Row> rows = run("qemu");
    assertEquals(4, rows.size(), rows::toString);
    rows.forEach(HarnessSmokeTest::assertMeasured);
  }

  @Test
  void java25ChildReportsItsRows() throws Exception {
    assumeTrue(FastPeer.available(), "no C compiler");
    assumeTrue(ChildJvm.findJava(25) != null, "no Java 25 installed");
    List<Row> rows = run("sequential,java25");
    List<Row> child =
        rows.stream().filter(r -> r.peer().contains("Java 25")).collect(Collectors.toList());
    assertEquals(4 * Placement.forSequential(true).size(), child.size(), rows::toString);
    child.forEach(HarnessSmokeTest::assertMeasured);
  }
}
