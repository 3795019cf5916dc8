package io.github.qmp4j.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A fake server script in JSON, so the fake can run standalone ({@code qmp4j fake --listen ADDRESS
 * --script FILE}) for tests written in any language. Every member is optional:
 *
 * <pre>{@code
 * {
 *   "greeting": {"version": {"qemu": {"major": 7, "minor": 2, "micro": 0}, "package": ""},
 *                "capabilities": ["oob"]},
 *   "status": "running",              // what query-status reports; "prelaunch" for -S
 *   "pretty": false,                  // QEMU's pretty=on output
 *   "oneClientAtATime": false,        // serve clients one after another, as QEMU does
 *   "strict": false,                  // collect commands no script expects
 *   "expect": ["query-status"],       // built-ins strict mode accepts
 *   "recordNegotiation": false,
 *   "recordCommands": true,           // keep commands for takeCommand (off for a long run)
 *   "commandLogCapacity": 10000,      // keep at most this many, dropping the oldest
 *   "delayMs": 0,                     // delay of every answer
 *   "commands": {
 *     "query-block": [{"return": []}, {"return": [{"device": "drive0"}]}],
 *     "blockdev-del": {"error": {"class": "GenericError", "desc": "Node 'x' is busy"}},
 *     "system_reset": {"return": {}, "delayMs": 100,
 *                      "eventsAfter": [{"event": "RESET", "data": {"guest": false}}]},
 *     "migrate": {"fault": "close"},
 *     "migrate-pause": {"replies": [{"return": {}}], "oob": true},
 *     "human-monitor-command": {
 *       "cases": [{"when": {"command-line": "info block"}, "reply": {"return": "drive0: ...\r\n"}}],
 *       "otherwise": {"return": ""}}
 *   },
 *   "events": [{"event": "NIC_RX_FILTER_CHANGED", "data": {"path": "/machine/peripheral/n0"},
 *               "delayMs": 50}]
 * }
 * }</pre>
 *
 * A command maps to one answer (used for every call), a list of answers (one per call, the last
 * repeats), or an object with {@code replies} or {@code cases} (first case whose {@code when}
 * members equal the arguments' wins; each case keeps its own sequence) plus {@code otherwise} and
 * {@code oob}. An answer is {@code {"return": VALUE}}, {@code {"error": {"class", "desc"}}} or
 * {@code {"fault": "close" | "close-mid-message" | "stall" | "garbage" | "oversized" | "wrong-id"}}
 * (with {@code "text"} for garbage, {@code "bytes"} for oversized), optionally with {@code
 * delayMs}, {@code eventsBefore}, {@code eventsAfter} and {@code id} (sent instead of the request's
 * id). {@code events} are sent to each client after it negotiated, each {@code delayMs} after the
 * previous one.
 *
 * <p>Loading validates everything and fails with a {@link FakeScriptException} naming the bad
 * place, e.g. {@code $.commands["query-block"][1].error.class: expected a string, found number 1}.
 */
public final class FakeScript {
  private final ScriptReader script;

  private FakeScript(ScriptReader script) {
    this.script = script;
  }

  /**
   * Reads a script file (UTF-8).
   *
   * @param file the file
   * @return the script
   * @throws IOException when the file cannot be read
   * @throws FakeScriptException when its content is not a valid script
   */
  public static FakeScript load(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Reads a script from text.
   *
   * @param json the script
   * @return the script
   * @throws FakeScriptException when the text is not a valid script
   */
  public static FakeScript fromJson(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new FakeScriptException("$", "not valid JSON: " + e.getOriginalMessage(), e);
    }
    return new FakeScript(ScriptReader.read(new ScriptNode(root, "$")));
  }

  /** Returns the commands this script answers, in the order written. */
  public Set<String> commands() {
    return java.util.Collections.unmodifiableSet(script.commands.keySet());
  }

  void applyTo(FakeQmpServer server) {
    script.settings.forEach(s -> s.accept(server));
    script.commands.forEach(
        (name, command) -> {
          Stub stub = server.on(name).answers(command.answer());
          if (command.oob() != null) {
            stub.allowOob(command.oob());
          }
        });
    script.events.forEach(e -> server.afterNegotiation(e.event(), e.delay()));
  }
}
