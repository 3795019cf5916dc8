package io.github.qmp4j.fake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and validates a fake script (format in {@link FakeScript}) into server settings, command
 * answers and timed events; every problem becomes a {@link FakeScriptException} with its path.
 */
final class ScriptReader {
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "greeting",
          "status",
          "pretty",
          "oneClientAtATime",
          "strict",
          "expect",
          "recordNegotiation",
          "recordCommands",
          "commandLogCapacity",
          "delayMs",
          "commands",
          "events");
  private static final Set<String> ANSWER =
      Set.of(
          "return",
          "error",
          "fault",
          "text",
          "bytes",
          "delayMs",
          "eventsBefore",
          "eventsAfter",
          "id");
  private static final Set<String> COMMAND = Set.of("replies", "cases", "otherwise", "oob");

  /** Compares numbers by value, so that {@code 1} in a script matches {@code 1.0} or a long. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          double x = a.doubleValue();
          double y = b.doubleValue();
          if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return Double.compare(x, y); // QEMU reads 1e400 as infinity
          }
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  /** How to answer one command. */
  record CommandScript(Function<ReceivedCommand, Reply> answer, @Nullable Boolean oob) {}

  final List<Consumer<FakeQmpServer>> settings = new ArrayList<>();
  final Map<String, CommandScript> commands = new LinkedHashMap<>();
  final List<ServerState.TimedEvent> events = new ArrayList<>();

  private ScriptReader() {}

  static ScriptReader read(ScriptNode root) {
    ScriptReader r = new ScriptReader();
    r.readRoot(root);
    return r;
  }

  private void readRoot(ScriptNode root) {
    root.object();
    root.onlyMembers(TOP_LEVEL);
    if (root.has("greeting")) {
      readGreeting(root.member("greeting"));
    }
    if (root.has("status")) {
      String status = root.member("status").string();
      settings.add(s -> s.status(status));
    }
    flag(root, "pretty", (s, v) -> s.pretty(v));
    flag(root, "oneClientAtATime", (s, v) -> s.oneClientAtATime(v));
    flag(root, "strict", (s, v) -> s.strict(v));
    flag(root, "recordNegotiation", (s, v) -> s.recordNegotiation(v));
    flag(root, "recordCommands", (s, v) -> s.recordCommands(v));
    if (root.has("commandLogCapacity")) {
      int capacity = root.member("commandLogCapacity").positiveInt();
      settings.add(s -> s.commandLogCapacity(capacity));
    }
    if (root.has("expect")) {
      List<String> expected = new ArrayList<>();
      root.member("expect").elements().forEach(e -> expected.add(e.string()));
      settings.add(s -> s.expect(expected.toArray(new String[0])));
    }
    if (root.has("delayMs")) {
      Duration delay = Duration.ofMillis(root.member("delayMs").nonNegativeInt());
      settings.add(s -> s.delayEveryReply(delay));
    }
    if (root.has("commands")) {
      ScriptNode all = root.member("commands");
      for (String name : all.object().propertyNames()) {
        commands.put(name, readCommand(all.member(name)));
      }
    }
    if (root.has("events")) {
      for (ScriptNode e : root.member("events").elements()) {
        events.add(new ServerState.TimedEvent(readEvent(e, true), delay(e)));
      }
    }
  }

  private interface Setting {
    void apply(FakeQmpServer server, boolean value);
  }

  private void flag(ScriptNode root, String key, Setting setting) {
    if (root.has(key)) {
      boolean value = root.member(key).bool();
      settings.add(s -> setting.apply(s, value));
    }
  }

  private void readGreeting(ScriptNode greeting) {
    greeting.onlyMembers(Set.of("version", "capabilities"));
    if (greeting.has("version")) {
      ScriptNode version = greeting.member("version").onlyMembers(Set.of("qemu", "package"));
      ScriptNode qemu = version.member("qemu").onlyMembers(Set.of("major", "minor", "micro"));
      QemuVersion v =
          new QemuVersion(
              qemu.member("major").nonNegativeInt(),
              qemu.member("minor").nonNegativeInt(),
              qemu.member("micro").nonNegativeInt(),
              Objects.requireNonNullElse(version.member("package").optionalString(), ""));
      settings.add(s -> s.version(v));
    }
    if (greeting.has("capabilities")) {
      boolean oob = false;
      for (ScriptNode c : greeting.member("capabilities").elements()) {
        if (!c.string().equals("oob")) {
          throw c.error("QEMU 7.2 knows only the capability \"oob\"");
        }
        oob = true;
      }
      boolean offered = oob;
      settings.add(s -> s.oob(offered));
    }
  }

  private CommandScript readCommand(ScriptNode node) {
    if (node.json().isArray()) {
      return new CommandScript(sequence(node), null);
    }
    ObjectNode object = node.object();
    boolean isCommandObject = object.has("replies") || object.has("cases");
    if (!isCommandObject) {
      return new CommandScript(sequence(node), null);
    }
    node.onlyMembers(COMMAND);
    Boolean oob = node.has("oob") ? node.member("oob").bool() : null;
    if (node.has("replies")) {
      if (node.has("cases")) {
        throw node.error("has both \"replies\" and \"cases\"");
      }
      return new CommandScript(sequence(node.member("replies")), oob);
    }
    List<Case> cases = new ArrayList<>();
    for (ScriptNode c : node.member("cases").elements()) {
      c.onlyMembers(Set.of("when", "reply"));
      ObjectNode when = c.member("when").object();
      cases.add(new Case(when, sequence(c.member("reply"))));
    }
    Function<ReceivedCommand, Reply> otherwise =
        node.has("otherwise") ? sequence(node.member("otherwise")) : null;
    String path = node.path();
    return new CommandScript(command -> choose(cases, otherwise, command, path), oob);
  }

  /** One case of a command: the arguments it matches and its answers. */
  private record Case(ObjectNode when, Function<ReceivedCommand, Reply> answer) {
    boolean matches(ObjectNode arguments) {
      for (String key : when.propertyNames()) {
        JsonNode actual = arguments.get(key);
        if (actual == null || !when.get(key).equals(NUMBERS_BY_VALUE, actual)) {
          return false;
        }
      }
      return true;
    }
  }

  private static Reply choose(
      List<Case> cases,
      @Nullable Function<ReceivedCommand, Reply> otherwise,
      ReceivedCommand command,
      String path) {
    ObjectNode arguments = command.rawArguments();
    for (Case c : cases) {
      if (c.matches(arguments)) {
        return c.answer().apply(command);
      }
    }
    if (otherwise != null) {
      return otherwise.apply(command);
    }
    return Reply.error(
        Messages.GENERIC_ERROR,
        "The fake's script has no case at " + path + " for the arguments " + Json.text(arguments));
  }

  /** One answer, or a list used one per call with the last repeating. */
  private Function<ReceivedCommand, Reply> sequence(ScriptNode node) {
    List<Reply> replies = new ArrayList<>();
    if (node.json().isArray()) {
      List<ScriptNode> elements = node.elements();
      if (elements.isEmpty()) {
        throw node.error("expected at least one answer");
      }
      elements.forEach(e -> replies.add(readAnswer(e)));
    } else {
      replies.add(readAnswer(node));
    }
    AtomicInteger calls = new AtomicInteger();
    return command -> replies.get(Math.min(calls.getAndIncrement(), replies.size() - 1));
  }

  private Reply readAnswer(ScriptNode node) {
    node.object();
    node.onlyMembers(ANSWER);
    int kinds =
        (node.has("return") ? 1 : 0) + (node.has("error") ? 1 : 0) + (node.has("fault") ? 1 : 0);
    if (kinds != 1) {
      throw node.error("an answer needs exactly one of \"return\", \"error\" or \"fault\"");
    }
    Reply reply;
    if (node.has("return")) {
      reply = Reply.returning(node.member("return").json());
    } else if (node.has("error")) {
      ScriptNode error = node.member("error").onlyMembers(Set.of("class", "desc"));
      reply = Reply.error(error.member("class").string(), error.member("desc").string());
    } else {
      reply = Reply.fault(readFault(node));
    }
    reply = reply.delayed(delay(node));
    if (node.has("eventsBefore")) {
      for (ScriptNode e : node.member("eventsBefore").elements()) {
        FakeEvent event = readEvent(e, false);
        reply = reply.withEventBefore(event.name(), event.data());
      }
    }
    if (node.has("eventsAfter")) {
      for (ScriptNode e : node.member("eventsAfter").elements()) {
        FakeEvent event = readEvent(e, false);
        reply = reply.withEventAfter(event.name(), event.data());
      }
    }
    if (node.has("id")) {
      reply = reply.withId(node.member("id").json());
    }
    return reply;
  }

  private static Fault readFault(ScriptNode node) {
    ScriptNode fault = node.member("fault");
    String kind = fault.string();
    return switch (kind) {
      case "close" -> Fault.close();
      case "close-mid-message" -> Fault.closeMidMessage();
      case "stall" -> Fault.stall();
      case "wrong-id" -> Fault.wrongId();
      case "garbage" -> {
        String text = node.member("text").optionalString();
        yield text == null ? Fault.garbage() : Fault.garbage(text.getBytes(StandardCharsets.UTF_8));
      }
      case "oversized" -> {
        ScriptNode bytes = node.member("bytes");
        if (bytes.missing()) {
          throw bytes.error("an oversized fault needs \"bytes\"");
        }
        int size = bytes.nonNegativeInt();
        if (size == 0) {
          throw bytes.error("must be positive");
        }
        yield Fault.oversized(size);
      }
      default ->
          throw fault.error(
              "unknown fault \""
                  + kind
                  + "\" (expected close, close-mid-message, stall, garbage, oversized, wrong-id)");
    };
  }

  private static Duration delay(ScriptNode node) {
    return node.has("delayMs")
        ? Duration.ofMillis(node.member("delayMs").nonNegativeInt())
        : Duration.ZERO;
  }

  private static FakeEvent readEvent(ScriptNode node, boolean timed) {
    node.object();
    node.onlyMembers(timed ? Set.of("event", "data", "delayMs") : Set.of("event", "data"));
    String name = node.member("event").string();
    if (name.isEmpty()) {
      throw node.member("event").error("an event needs a name");
    }
    ScriptNode data = node.member("data");
    return new FakeEvent(name, data.missing() || data.json().isNull() ? null : data.object());
  }
}
