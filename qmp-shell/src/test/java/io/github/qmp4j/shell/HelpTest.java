package io.github.qmp4j.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --help of the tool and of each command is complete; --version prints the version. */
class HelpTest {
  private static void assertMentions(String text, List<String> words) {
    for (String w : words) {
      assertTrue(text.contains(w), "help lacks '" + w + "':\n" + text);
    }
  }

  @Test
  void theToolsHelpNamesEveryCommandAddressesAndExitCodes() {
    Tool.Result r = Tool.run("--help");
    assertEquals(0, r.code(), r.toString());
    assertMentions(
        r.out(),
        List.of(
            "exec",
            "shell",
            "events",
            "fake",
            "QMP_SOCKET",
            "unix:/path",
            "tcp:host:port",
            "tls:host:port",
            "embedded fake QEMU",
            "500ms",
            "Exit status: 0",
            "1 QEMU answered with an error",
            "2 no answer",
            "--debug",
            "--version"));
    assertEquals("", r.err());
  }

  @Test
  void eachCommandsHelpListsItsOptions() {
    Map<String, List<String>> options =
        Map.of(
            "exec",
            List.of("COMMAND", "KEY=VALUE", "--json", "--pretty", "--timeout", "qmp-shell syntax"),
            "shell",
            List.of("--hmp", "--pretty", "--verbose", "--logfile", "--history", "transaction("),
            "events",
            List.of("--name", "--count", "--timeout", "Exit status"),
            "fake",
            List.of("--listen", "--script", "tcp:127.0.0.1:0", "Exit status"));
    for (Map.Entry<String, List<String>> e : options.entrySet()) {
      Tool.Result r = Tool.run(e.getKey(), "--help");
      assertEquals(0, r.code(), r.toString());
      assertMentions(r.out(), e.getValue());
      assertMentions(r.out(), List.of("--tls-ca", "--tls-cert", "--tls-key", "--help"));
      if (!e.getKey().equals("fake")) {
        assertMentions(r.out(), List.of("-a, --address=ADDRESS", "QMP_SOCKET"));
      }
    }
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    Tool.Result r = Tool.run("--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().matches("qmp4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n"), r.out());
  }

  @Test
  void noCommandIsAUsageError() {
    Tool.Result r = Tool.run();
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("Missing a command"), r.err());
    Tool.Result unknown = Tool.run("frobnicate");
    assertEquals(2, unknown.code(), unknown.toString());
  }
}
