package io.github.qmp4j.fake;

import java.io.FileDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the fake answers without a script, as QEMU 7.2 answers it: the commands tests touch most.
 * Arguments are checked against each command's declaration with QEMU's texts.
 */
final class Builtins {
  /** A built-in command: its declared arguments and what it does. */
  record Builtin(Params params, Handler handler) {}

  /** The body of a built-in, run once its arguments passed the check. */
  @FunctionalInterface
  interface Handler {
    void run(Call call) throws InterruptedException;
  }

  private static final String NO_FD = "No file descriptor supplied via SCM_RIGHTS";

  private static final Map<String, Builtin> TABLE =
      Map.ofEntries(
          Map.entry("query-version", new Builtin(Params.NONE, Builtins::queryVersion)),
          Map.entry("query-status", new Builtin(Params.NONE, Builtins::queryStatus)),
          Map.entry("query-commands", new Builtin(Params.NONE, Builtins::queryCommands)),
          Map.entry("stop", new Builtin(Params.NONE, Builtins::stop)),
          Map.entry("cont", new Builtin(Params.NONE, Builtins::cont)),
          Map.entry("system_reset", new Builtin(Params.NONE, Builtins::systemReset)),
          Map.entry("system_powerdown", new Builtin(Params.NONE, Builtins::systemPowerdown)),
          Map.entry("quit", new Builtin(Params.NONE, Builtins::quit)),
          Map.entry(
              "human-monitor-command",
              new Builtin(
                  Params.of(
                      Params.required("command-line", Params.Type.STRING),
                      Params.optional("cpu-index", Params.Type.INTEGER)),
                  HumanMonitor::run)),
          Map.entry(
              "getfd",
              new Builtin(
                  Params.of(Params.required("fdname", Params.Type.STRING)), Builtins::getfd)),
          Map.entry(
              "closefd",
              new Builtin(
                  Params.of(Params.required("fdname", Params.Type.STRING)), Builtins::closefd)),
          Map.entry(
              "add-fd",
              new Builtin(
                  Params.of(
                      Params.optional("fdset-id", Params.Type.INTEGER),
                      Params.optional("opaque", Params.Type.STRING)),
                  Builtins::addFd)),
          Map.entry(
              "remove-fd",
              new Builtin(
                  Params.of(
                      Params.required("fdset-id", Params.Type.INTEGER),
                      Params.optional("fd", Params.Type.INTEGER)),
                  Builtins::removeFd)),
          Map.entry("query-fdsets", new Builtin(Params.NONE, Builtins::queryFdsets)));

  private Builtins() {}

  static @Nullable Builtin find(String command) {
    return TABLE.get(command);
  }

  static Set<String> names() {
    return TABLE.keySet();
  }

  /** Checks the arguments, then runs the built-in. */
  static void run(Builtin builtin, Call call) throws InterruptedException {
    String problem = builtin.params().problem(call.args());
    if (problem != null) {
      call.fail(problem);
      return;
    }
    builtin.handler().run(call);
  }

  private static void queryVersion(Call call) {
    call.ok(Messages.version(call.server().version()));
  }

  private static void queryStatus(Call call) {
    String status = call.server().vm().status();
    ObjectNode info = Json.NODES.objectNode();
    info.put("running", status.equals("running"));
    info.put("singlestep", false);
    info.put("status", status);
    call.ok(info);
  }

  private static void queryCommands(Call call) {
    var list = Json.NODES.arrayNode();
    for (String name : call.server().commandNames()) {
      list.add(Json.NODES.objectNode().put("name", name));
    }
    call.ok(list);
  }

  private static void stop(Call call) {
    pause(call);
    call.ok();
  }

  private static void cont(Call call) {
    resume(call);
    call.ok();
  }

  static void pause(Call call) {
    if (call.server().vm().stop()) {
      call.event("STOP");
    }
  }

  static void resume(Call call) {
    if (call.server().vm().cont()) {
      call.event("RESUME");
    }
  }

  private static void systemReset(Call call) {
    call.event("RESET", "guest", false, "reason", "host-qmp-system-reset");
    call.ok();
  }

  private static void systemPowerdown(Call call) {
    call.event("POWERDOWN");
    call.ok();
  }

  private static void quit(Call call) {
    call.event("SHUTDOWN", "guest", false, "reason", "host-qmp-quit");
    call.ok();
    call.session().quit();
  }

  /**
   * The descriptor {@code getfd} and {@code add-fd} use: the first that came with the command, as
   * QEMU takes the first. The rest stay with the session, which closes them when it ends.
   */
  private static @Nullable FileDescriptor firstDescriptor(Call call) {
    List<FileDescriptor> fds = call.command().descriptors();
    return fds.isEmpty() ? null : fds.get(0);
  }

  /** Takes the descriptor over from the session; false when the session closed it meanwhile. */
  private static boolean claim(Call call, FileDescriptor fd) {
    return call.session().descriptors().claim(fd);
  }

  private static void getfd(Call call) {
    FileDescriptor fd = firstDescriptor(call);
    if (fd == null) {
      call.fail(NO_FD);
      return;
    }
    String name = call.args().get("fdname").stringValue();
    if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
      call.session().descriptors().closeNow(fd);
      call.fail("Parameter 'fdname' expects a name not starting with a digit");
      return;
    }
    if (!claim(call, fd)) {
      call.fail(NO_FD); // the session ended meanwhile and closed it: nobody reads this
      return;
    }
    call.server().descriptors().name(name, fd);
    call.ok();
  }

  private static void closefd(Call call) {
    String name = call.args().get("fdname").stringValue();
    if (call.server().descriptors().closeNamed(name)) {
      call.ok();
    } else {
      call.fail("File descriptor named '" + name + "' not found");
    }
  }

  private static void addFd(Call call) {
    FileDescriptor fd = firstDescriptor(call);
    if (fd == null) {
      call.fail(NO_FD);
      return;
    }
    JsonNode id = call.args().get("fdset-id");
    if (id != null && id.longValue() < 0) {
      call.session().descriptors().closeNow(fd);
      call.fail("Parameter 'fdset-id' expects a non-negative value");
      return;
    }
    if (!claim(call, fd)) {
      call.fail(NO_FD); // the session ended meanwhile: nobody reads this
      return;
    }
    JsonNode opaque = call.args().get("opaque");
    call.ok(
        call.server()
            .descriptors()
            .addToFdset(
                id == null ? null : id.longValue(),
                fd,
                opaque == null ? null : opaque.stringValue()));
  }

  private static void removeFd(Call call) {
    JsonNode fd = call.args().get("fd");
    String problem =
        call.server()
            .descriptors()
            .remove(call.args().get("fdset-id").longValue(), fd == null ? null : fd.longValue());
    if (problem == null) {
      call.ok();
    } else {
      call.fail(problem);
    }
  }

  private static void queryFdsets(Call call) {
    call.ok(call.server().descriptors().query());
  }
}
