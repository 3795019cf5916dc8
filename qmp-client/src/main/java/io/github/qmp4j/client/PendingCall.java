package io.github.qmp4j.client;

import java.io.FileDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One command waiting for its reply. It is its own future, so issuing a command allocates one
 * object for the caller to wait on; the reader thread completes it.
 *
 * @param <T> what the caller gets: the raw reply, the return value, or a mapped type
 */
final class PendingCall<T> extends CompletableFuture<T> {
  /** Turns a reply into the caller's result, or throws the command's failure. */
  @FunctionalInterface
  interface ReplyMapper<T> {
    T map(Message command, Message reply);
  }

  final Message command;
  final JsonNode key;
  final boolean inBand;
  final boolean quit;
  final List<FileDescriptor> descriptors;
  private final ReplyMapper<T> mapper;
  private volatile long deadline; // System.nanoTime() when an async call times out; 0: never
  private @Nullable Duration timeout; // written before the call is registered, then only read

  PendingCall(
      Message command, JsonNode key, List<FileDescriptor> descriptors, ReplyMapper<T> mapper) {
    this(command, key, !command.isOob(), "quit".equals(command.command()), descriptors, mapper);
  }

  /** For a command whose kind the caller knows already: no lookups in its tree. */
  PendingCall(
      Message command,
      JsonNode key,
      boolean inBand,
      boolean quit,
      List<FileDescriptor> descriptors,
      ReplyMapper<T> mapper) {
    this.command = command;
    this.key = key;
    this.inBand = inBand;
    this.quit = quit;
    this.descriptors = descriptors;
    this.mapper = mapper;
  }

  /** Completes with the reply; returns false when the call was already done (late reply). */
  boolean answer(Message reply) {
    if (isDone()) {
      return false;
    }
    try {
      return complete(mapper.map(command, reply));
    } catch (RuntimeException e) {
      return completeExceptionally(e);
    }
  }

  /**
   * Gives an asynchronous call a deadline, before it is registered (blocking calls keep none).
   *
   * @param deadline a nonzero {@link System#nanoTime()} value
   */
  void expireAfter(Duration timeout, long deadline) {
    this.timeout = timeout;
    this.deadline = deadline;
  }

  /** The deadline, or 0 when the registry need not time this call out. */
  long deadline() {
    return deadline;
  }

  /** Fails the call with a timeout unless it is done already. */
  void expire() {
    Duration t = timeout;
    if (t != null) {
      completeExceptionally(new CommandTimeoutException(command, t));
    }
  }

  String name() {
    String name = command.command();
    return name == null ? "(raw message)" : name;
  }
}
