package io.github.qmp4j.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The script of one command, from {@link FakeQmpServer#on(String)}. Answers are used in the order
 * they were added, one per call; the last one repeats. A stub without answers returns {@code {}}. A
 * stub replaces the fake's built-in answer for its command (a stubbed {@code stop} no longer
 * changes the status or sends {@code STOP}). Thread-safe; may be changed while clients are
 * connected.
 *
 * <pre>{@code
 * fake.on("query-block")
 *     .returnsJson("[]")                                      // first call
 *     .returnsJson("[{\"device\": \"drive0\"}]");             // second and later calls
 * fake.on("device_del").answers(cmd -> Reply.ok()
 *     .withEventAfter("DEVICE_DELETED", Map.of("device", cmd.argument("id").asString())));
 * }</pre>
 */
public final class Stub {
  /** The commands QEMU 7.2 lets run out-of-band. */
  private static final Set<String> QEMU_OOB_COMMANDS =
      Set.of("migrate-recover", "migrate-pause", "yank", "x-oob-test");

  private final String command;
  private final List<Function<ReceivedCommand, Reply>> answers = new ArrayList<>();
  private @Nullable Boolean oob;
  private int calls;

  Stub(String command) {
    this.command = command;
  }

  /** Returns the command this stub answers. */
  public String command() {
    return command;
  }

  /**
   * Adds an answer {@code {"return": value}}.
   *
   * @param value see {@link Reply#returning(Object)}
   * @return this stub
   */
  public Stub returns(@Nullable Object value) {
    return replies(Reply.returning(value));
  }

  /**
   * Adds an answer {@code {"return": value}} given as JSON text.
   *
   * @param json the return value
   * @return this stub
   * @throws IllegalArgumentException when the text is not JSON
   */
  public Stub returnsJson(String json) {
    return replies(Reply.returningJson(json));
  }

  /**
   * Adds an error answer.
   *
   * @param errorClass e.g. {@code GenericError}
   * @param desc the text
   * @return this stub
   */
  public Stub fails(String errorClass, String desc) {
    return replies(Reply.error(errorClass, desc));
  }

  /**
   * Adds a fault as the answer.
   *
   * @param fault what goes wrong
   * @return this stub
   */
  public Stub fault(Fault fault) {
    return replies(Reply.fault(fault));
  }

  /**
   * Adds answers, one per call, in order.
   *
   * @param replies the answers
   * @return this stub
   */
  public Stub replies(Reply... replies) {
    for (Reply r : replies) {
      Objects.requireNonNull(r, "reply");
      answer(cmd -> r);
    }
    return this;
  }

  /**
   * Adds an answer computed from each request, e.g. echoing an argument. The function runs on the
   * session's thread; an exception it throws is answered as a {@code GenericError} with its
   * message.
   *
   * @param answer the function
   * @return this stub
   */
  public Stub answers(Function<ReceivedCommand, Reply> answer) {
    return answer(Objects.requireNonNull(answer));
  }

  private synchronized Stub answer(Function<ReceivedCommand, Reply> answer) {
    answers.add(answer);
    return this;
  }

  /**
   * Says whether the command may run as {@code exec-oob} once OOB is negotiated. By default only
   * the commands QEMU 7.2 allows out-of-band do ({@code migrate-recover}, {@code migrate-pause},
   * {@code yank}, {@code x-oob-test}); the rest get QEMU's "The command X does not support OOB".
   *
   * @param allowed whether {@code exec-oob} is accepted
   * @return this stub
   */
  public synchronized Stub allowOob(boolean allowed) {
    this.oob = allowed;
    return this;
  }

  /** Tells whether {@code exec-oob} is accepted for this command. */
  public synchronized boolean allowsOob() {
    Boolean o = oob;
    return o != null ? o : QEMU_OOB_COMMANDS.contains(command);
  }

  /** Returns how many times this stub has answered. */
  public synchronized int calls() {
    return calls;
  }

  /** Picks the answer for the next call. */
  Reply next(ReceivedCommand command) {
    Function<ReceivedCommand, Reply> answer;
    synchronized (this) {
      int index = Math.min(calls, answers.size() - 1);
      calls++;
      if (index < 0) {
        return Reply.ok();
      }
      answer = answers.get(index);
    }
    try {
      return Objects.requireNonNull(answer.apply(command), "the answer function returned null");
    } catch (RuntimeException e) {
      return Reply.error("GenericError", String.valueOf(e.getMessage()));
    }
  }

  @Override
  public synchronized String toString() {
    return "Stub[" + command + ", " + answers.size() + " answer(s), " + calls + " call(s)]";
  }
}
