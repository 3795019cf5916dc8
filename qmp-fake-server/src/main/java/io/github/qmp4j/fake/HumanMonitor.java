package io.github.qmp4j.fake;

/**
 * {@code human-monitor-command}: the few HMP commands the fake knows ({@code info version}, {@code
 * info status}, {@code stop}, {@code cont}/{@code c}, {@code system_reset}), with HMP's output and
 * texts; anything else is HMP's "unknown command". Script the command to answer more.
 */
final class HumanMonitor {

  private static final String INFO_HELP =
      String.join(
          "\r\n",
          "info status  -- show the current VM status (running|paused)",
          "info version  -- show the version of QEMU",
          "");

  private HumanMonitor() {}

  static void run(Call call) {
    String line = call.args().get("command-line").stringValue().strip();
    call.ok(Json.NODES.stringNode(output(call, line)));
  }

  private static String output(Call call, String line) {
    if (line.isEmpty()) {
      return "";
    }
    String[] words = line.split("\\s+");
    return switch (words[0]) {
      case "info" -> info(call, words);
      case "stop" -> {
        Builtins.pause(call);
        yield "";
      }
      case "c", "cont" -> {
        Builtins.resume(call);
        yield "";
      }
      case "system_reset" -> {
        call.event("RESET", "guest", false, "reason", "host-qmp-system-reset");
        yield "";
      }
      default -> "unknown command: '" + words[0] + "'\r\n";
    };
  }

  private static String info(Call call, String[] words) {
    if (words.length == 1) {
      return INFO_HELP;
    }
    String what = words[1];
    if (!what.equals("status") && !what.equals("version")) {
      return "unknown command: 'info " + what + "'\r\n";
    }
    if (words.length > 2) {
      return what
          + ": extraneous characters at the end of line\r\nTry \"help info "
          + what
          + "\" for more information\r\n";
    }
    if (what.equals("version")) {
      return call.server().version() + "\r\n";
    }
    String status = call.server().vm().status();
    String shown = status.equals("running") ? "running" : "paused";
    String detail = status.equals("running") || status.equals("paused") ? "" : " (" + status + ")";
    return "VM status: " + shown + detail + "\r\n";
  }
}
