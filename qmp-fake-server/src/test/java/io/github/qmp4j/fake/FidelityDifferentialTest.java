package io.github.qmp4j.fake;

import static io.github.qmp4j.fake.Differential.bytes;

import io.github.qmp4j.fake.Differential.Mode;
import io.github.qmp4j.protocol.testing.QemuProcess;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fidelity list of the fake, proven against real QEMU: the same byte sequences go to QEMU
 * ({@code -machine none}) and to the fake, and the replies must be identical byte for byte
 * (timestamps aside): negotiation, request checks, parse errors and recovery, ids, built-ins,
 * argument checks, OOB. Runs whenever QEMU is installed, and fails under {@code
 * QMP4J_REQUIRE_QEMU=1} when it is not.
 */
class FidelityDifferentialTest {
  private static QemuProcess qemu;
  private static FakeQmpServer fake;
  private static TransportAddress qemuAddress;
  private static TransportAddress fakeAddress;

  @BeforeAll
  static void start() throws Exception {
    qemu = QemuProcess.startWithUnixMonitor();
    qemuAddress = TransportAddress.parse("unix:" + qemu.qmpSocket());
    fake = new FakeQmpServer().version(Differential.versionOf(qemuAddress));
    fakeAddress = fake.start("unix:" + qemu.dir().resolve("fake.sock"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fake != null) {
      fake.close();
    }
    if (qemu != null) {
      qemu.close();
    }
  }

  private static Arguments scenario(String name, Mode mode, Object... input) {
    return Arguments.of(name, mode, bytes(input));
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        // Negotiation mode
        scenario(
            "commands before negotiation",
            Mode.GREETING,
            "{\"execute\":\"query-status\"}{\"execute\":\"query-status\",\"id\":1}",
            "{\"execute\":\"nope\",\"id\":\"x\"}{\"execute\":\"stop\"}"),
        scenario(
            "malformed requests before negotiation",
            Mode.GREETING,
            "{}[]{\"execute\":1}{\"exec-oob\":\"query-status\",\"id\":1}",
            "{\"execute\":\"qmp_capabilities\",\"bogus\":true}"),
        scenario(
            "bad capability arguments",
            Mode.GREETING,
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"foo\"]}}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[1]}}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":\"oob\"}}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"x\":1}}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"],\"x\":2}}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":[]}"),
        scenario(
            "negotiation, then again",
            Mode.GREETING,
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]},",
            "\"id\":[1,{\"a\":null}]}",
            "{\"execute\":\"qmp_capabilities\"}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[]},\"id\":2}",
            "{\"execute\":\"qmp_capabilities\",\"arguments\":{\"x\":1}}",
            "{\"execute\":\"query-status\"}"),
        // Request parsing
        scenario(
            "a stream without newlines, and with whitespace",
            Mode.NEGOTIATED,
            "{\"execute\":\"query-status\"}{\"execute\":\"query-version\",\"id\":\"x\"}",
            " \n\t{ \"execute\" : \"query-status\" ,\r\n \"id\" : 3 }\r\n\r\n"),
        scenario(
            "requests that are not commands",
            Mode.NEGOTIATED,
            "[]\"str\" 1 true null 2.5 {}{\"id\":5}",
            "{\"execute\":\"query-status\",\"arguments\":[]}",
            "{\"execute\":\"query-status\",\"arguments\":null,\"id\":\"n\"}",
            "{\"execute\":\"query-status\",\"foo\":1}",
            "{\"execute\":1}{\"execute\":null,\"id\":{}}",
            "{\"execute\":\"query-status\",\"exec-oob\":\"x\"}",
            "{\"execute\":\"query-status\",\"id\":1,\"arguments\":{\"a\":1},\"zzz\":1}",
            "{\"execute\":\"x\",\"arguments\":{},\"id\":2,\"bogus\":1,\"other\":2,\"more\":3}",
            "{\"exec-oob\":\"query-status\",\"id\":1}"),
        scenario(
            "unknown commands",
            Mode.NEGOTIATED,
            "{\"execute\":\"nope\",\"id\":2.5}{\"execute\":\"\"}{\"execute\":\"device_addd\"}"),
        scenario(
            "ids echoed unchanged",
            Mode.NEGOTIATED,
            "{\"execute\":\"query-status\",\"id\":1}{\"execute\":\"query-status\",\"id\":-1}",
            "{\"execute\":\"query-status\",\"id\":0.1}{\"execute\":\"query-status\",\"id\":1e2}",
            "{\"execute\":\"query-status\",\"id\":2.0}{\"execute\":\"query-status\",\"id\":-0}",
            "{\"execute\":\"query-status\",\"id\":-0.0}",
            "{\"execute\":\"query-status\",\"id\":18446744073709551615}",
            "{\"execute\":\"query-status\",\"id\":18446744073709551616}",
            "{\"execute\":\"query-status\",\"id\":-9223372036854775809}",
            "{\"execute\":\"query-status\",\"id\":-9223372036854775808}",
            "{\"execute\":\"query-status\",\"id\":1.5e300}{\"execute\":\"query-status\",\"id\":1e-7}",
            "{\"execute\":\"query-status\",\"id\":1E400}{\"execute\":\"query-status\",\"id\":-1e400}",
            "{\"execute\":\"query-status\",\"id\":123456789012345678}",
            "{\"execute\":\"query-status\",\"id\":3.14159}",
            "{\"execute\":\"query-status\",\"id\":\"str\"}{\"execute\":\"query-status\",\"id\":null}",
            "{\"execute\":\"query-status\",\"id\":true}{\"execute\":\"query-status\",\"id\":[1,[],{}]}",
            "{\"execute\":\"query-status\",\"id\":{\"b\":1,\"a\":2,\"c\":[true,false,null]}}",
            "{\"execute\":\"query-status\",\"id\":\"a/\\u00e9\\u0001\\ud83d\\ude00\\\"x\\/\\b\\f\\n\\r\\t\"}",
            "{'execute':'query-status','id':'sq\\'x\"'}",
            "{\"execute\":\"query-status\",\"id\":\"\\u0000\\u007f\\u0080\\uffFD\"}",
            bytes("{\"execute\":\"query-status\",\"id\":\"\u00e9\u4e2d\ud83d\ude00\"}"),
            bytes(
                "{\"execute\":\"query-status\",\"id\":\"",
                new byte[] {(byte) 0xc0, (byte) 0x80},
                "\"}"),
            "{\"execute\":\"nope\",\"id\":{\"id\":1}}"),
        scenario(
            "JSON syntax errors",
            Mode.NEGOTIATED,
            "{\"execute\": \"query-status\"}}",
            "[1 2]{\"a\":1 \"b\":2}{1:2}{\"a\"}[1,]{}}[}{][[[[{\"a\":}]]]]",
            "{\"a\":1,\n\"b\":2 , , }{,}{\"a\":}[,1]{\"a\":1,}",
            "{\"execute\":\"query-status\",\"execute\":\"query-version\"}",
            "{{}:1}{[]:1}{\"k\" 1}"),
        scenario(
            "lexical errors and recovery",
            Mode.NEGOTIATED,
            "garbage{\"execute\":\"query-status\"}",
            "{\"a\":1,\"b\":%}",
            "0123,-x,1.x,1.5ex,1e+x,tru ,truex,",
            "\"tab\there\" 0123 - 1. 1.5e tru {\"execute\":\"query-status\",\"id\":\"after\"}",
            "'\u0001',\"ab\ncd\",",
            bytes(
                new byte[] {(byte) 0xff},
                ",\"",
                new byte[] {(byte) 0xfe},
                "\",",
                new byte[] {(byte) 0xff},
                "skipped ",
                new byte[] {(byte) 0xfe},
                "{}"),
            bytes("\"a", new byte[] {0}, "b\","),
            "@,#,~,\\,"),
        scenario(
            "bad strings",
            Mode.NEGOTIATED,
            "\"\\uZZZZ\",\"\\x\",\"\\u12\",\"\\ud800\",\"\\udc00\",\"\\ud800\\u0041\",",
            "\"\\uFFFF\",\"\\ufdd0\",\"\\u0000 ok\",",
            bytes(
                "\"",
                new byte[] {(byte) 0xc3},
                "\",\"",
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "\",\"",
                new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0x80},
                "\","),
            bytes(
                "\"",
                new byte[] {(byte) 0x80},
                "x\",\"",
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                "\","),
            bytes("\"\\u", new byte[] {(byte) 0xc3, (byte) 0xa9}, "00\",")),
        // Built-ins
        scenario(
            "query-status, query-version",
            Mode.NEGOTIATED,
            "{\"execute\":\"query-status\"}{\"execute\":\"query-version\",\"id\":1}"),
        scenario(
            "stop and cont with their events",
            Mode.NEGOTIATED,
            "{\"execute\":\"stop\"}{\"execute\":\"query-status\"}{\"execute\":\"stop\",\"id\":1}",
            "{\"execute\":\"cont\",\"id\":2}{\"execute\":\"cont\"}{\"execute\":\"query-status\"}"),
        scenario(
            "reset and powerdown events",
            Mode.NEGOTIATED,
            "{\"execute\":\"system_reset\"}{\"execute\":\"system_powerdown\",\"id\":1}"),
        scenario(
            "human monitor",
            Mode.NEGOTIATED,
            hmp("info version"),
            hmp("info status"),
            hmp("  info   version  "),
            hmp("info version extra"),
            hmp("info bogus"),
            hmp("bogus arg"),
            hmp(""),
            hmp("stop"),
            hmp("info status"),
            hmp("c"),
            hmp("info status"),
            "{\"execute\":\"human-monitor-command\",\"arguments\":{}}",
            "{\"execute\":\"human-monitor-command\"}",
            "{\"execute\":\"human-monitor-command\",\"arguments\":{\"cpu-index\":\"x\",",
            "\"command-line\":1}}",
            "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"c\",",
            "\"cpu-index\":\"x\"}}",
            "{\"execute\":\"human-monitor-command\",\"arguments\":{\"zzz\":1}}",
            "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"\",\"z\":1}}"),
        scenario(
            "argument checks of built-ins",
            Mode.NEGOTIATED,
            "{\"execute\":\"query-status\",\"arguments\":{\"x\":1}}",
            "{\"execute\":\"query-version\",\"arguments\":{\"b\":1, \"a\":2}}",
            "{\"execute\":\"query-commands\",\"arguments\":{\"zz\":1,\"yy\":2,\"xx\":3}}",
            "{\"execute\":\"query-commands\",\"arguments\":{\"d\":1,\"c\":2,\"b\":3,\"a\":4,",
            "\"e\":5,\"f\":6,\"g\":7}}",
            "{\"execute\":\"query-commands\",\"arguments\":{\"d\":1,\"c\":2,\"b\":3,\"a\":4,",
            "\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9}}",
            "{\"execute\":\"stop\",\"arguments\":{\"force\":true}}"),
        scenario(
            "descriptor commands without a descriptor",
            Mode.NEGOTIATED,
            "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"a\"}}",
            "{\"execute\":\"getfd\",\"arguments\":{\"fdname\":\"1a\"}}",
            "{\"execute\":\"getfd\"}{\"execute\":\"getfd\",\"arguments\":{\"fdname\":1}}",
            "{\"execute\":\"closefd\",\"arguments\":{\"fdname\":\"a\"}}",
            "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":1}}",
            "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":-1}}",
            "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":\"a\"}}",
            "{\"execute\":\"add-fd\",\"arguments\":{\"opaque\":1,\"fdset-id\":\"x\"}}",
            "{\"execute\":\"add-fd\",\"arguments\":{\"fdset-id\":1.5}}",
            "{\"execute\":\"remove-fd\",\"arguments\":{\"fdset-id\":1}}",
            "{\"execute\":\"remove-fd\",\"arguments\":{\"fdset-id\":1,\"fd\":3}}",
            "{\"execute\":\"remove-fd\"}{\"execute\":\"query-fdsets\"}"),
        // Out-of-band
        scenario(
            "exec-oob once OOB is on",
            Mode.OOB,
            "{\"exec-oob\":\"query-status\",\"id\":1}{\"exec-oob\":\"nope\",\"id\":\"o\"}",
            "{\"exec-oob\":\"qmp_capabilities\",\"id\":1}{\"exec-oob\":1}",
            "{\"execute\":\"query-status\",\"exec-oob\":\"x\"}",
            "{\"exec-oob\":\"query-status\",\"execute\":\"x\",\"id\":2}",
            "{\"execute\":\"query-status\",\"id\":\"in-band\"}"));
  }

  private static String hmp(String commandLine) {
    return "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\""
        + commandLine
        + "\"}}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void answersAsQemuDoes(String name, Mode mode, byte[] input) throws Exception {
    Differential.assertSame(qemuAddress, fakeAddress, mode, input, false);
  }

  @Test
  void nestingDepthLimit() throws Exception {
    String ok = "[".repeat(1024) + "]".repeat(1024);
    String tooDeep = "[".repeat(1025) + "]".repeat(1025);
    Differential.assertSame(qemuAddress, fakeAddress, Mode.NEGOTIATED, bytes(ok, tooDeep), false);
  }

  @Test
  void aMessageLargerThanALineReaderBufferWorks() throws Exception {
    // QEMU reads its monitor one byte per main-loop turn (about 400 KB/s), so the 64 MiB limit is
    // checked against QEMU's recorded answer in JsonLimitsTest instead.
    String big = "x".repeat(256 << 10);
    Differential.assertSame(
        qemuAddress,
        fakeAddress,
        Mode.NEGOTIATED,
        bytes("{\"execute\":\"query-status\",\"id\":\"" + big + "\"}"),
        false);
  }

  @Test
  void oneClientAtATimeLikeQemu() throws Exception {
    try (FakeQmpServer serial =
        new FakeQmpServer().version(fake.version()).oneClientAtATime(true)) {
      TransportAddress serialAddress = serial.start("unix:" + qemu.dir().resolve("serial.sock"));
      org.junit.jupiter.api.Assertions.assertEquals(
          secondClientWhileFirstStops(qemuAddress), secondClientWhileFirstStops(serialAddress));
    }
  }

  /**
   * The second client sends its commands while the first is served and stops the VM; served only
   * after the first leaves, it sees the VM paused.
   */
  private static List<String> secondClientWhileFirstStops(TransportAddress address)
      throws Exception {
    List<String> seen;
    try (WireClient first = WireClient.connect(address);
        WireClient second = WireClient.connect(address)) {
      first.handshake();
      second.send(
          "{\"execute\":\"qmp_capabilities\"}{\"execute\":\"query-status\",\"id\":\"second\"}");
      first.execute("{\"execute\":\"stop\",\"id\":1}");
      first.close();
      seen = second.rawUntilId("second");
      second.execute("{\"execute\":\"cont\"}");
    }
    return seen.stream().map(m -> m.replaceAll("\\d{3,}", "N")).toList();
  }

  @Test
  void noEventsBeforeNegotiation() throws Exception {
    // Two monitors: one negotiates and stops the VM while the other is still negotiating.
    Path dir = QemuProcess.newTempDir();
    try (QemuProcess two =
            QemuProcess.start(
                dir,
                List.of(
                    "-machine", "none",
                    "-qmp", "unix:" + dir.resolve("a.sock") + ",server=on,wait=off",
                    "-qmp", "unix:" + dir.resolve("b.sock") + ",server=on,wait=off"));
        FakeQmpServer second = new FakeQmpServer().version(fake.version())) {
      two.awaitListening(dir.resolve("b.sock"), java.time.Duration.ofSeconds(20));
      TransportAddress fakeTwo = second.start("unix:" + dir.resolve("fake.sock"));
      List<String> qemuSide =
          stopWhileOtherNegotiates(
              TransportAddress.parse("unix:" + dir.resolve("a.sock")),
              TransportAddress.parse("unix:" + dir.resolve("b.sock")));
      List<String> fakeSide = stopWhileOtherNegotiates(fakeTwo, fakeTwo);
      org.junit.jupiter.api.Assertions.assertEquals(qemuSide, fakeSide);
    }
  }

  /** Returns what the still-negotiating client saw, up to its first reply after negotiating. */
  private static List<String> stopWhileOtherNegotiates(TransportAddress a, TransportAddress b)
      throws Exception {
    try (WireClient first = WireClient.connect(a);
        WireClient second = WireClient.connect(b)) {
      second.greeting();
      first.handshake();
      first.execute("{\"execute\":\"stop\",\"id\":1}");
      second.send("{\"execute\":\"qmp_capabilities\",\"id\":\"neg\"}");
      List<String> seen = new java.util.ArrayList<>(second.rawUntilId("neg"));
      first.execute("{\"execute\":\"cont\",\"id\":2}");
      second.send(Differential.SENTINEL);
      seen.addAll(second.rawUntilId("sync"));
      return seen.stream().map(m -> m.replaceAll("\\d{3,}", "N")).toList();
    }
  }
}
