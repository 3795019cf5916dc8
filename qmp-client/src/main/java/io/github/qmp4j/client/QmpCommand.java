package io.github.qmp4j.client;

import java.io.FileDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A command with every option: arguments, {@code exec-oob}, file descriptors to pass with it, and
 * its own timeout. Immutable; each method returns a copy, so one instance can be reused.
 *
 * <pre>{@code
 * client.execute(QmpCommand.of("getfd").argument("fdname", "fd0").descriptors(fd));
 * client.execute(QmpCommand.of("migrate-pause").oob());
 * }</pre>
 */
public final class QmpCommand {
  private final String name;
  private final @Nullable Object arguments;
  private final boolean oob;
  private final List<FileDescriptor> descriptors;
  private final @Nullable Duration timeout;

  private QmpCommand(
      String name,
      @Nullable Object arguments,
      boolean oob,
      List<FileDescriptor> descriptors,
      @Nullable Duration timeout) {
    this.name = name;
    this.arguments = arguments;
    this.oob = oob;
    this.descriptors = descriptors;
    this.timeout = timeout;
  }

  /**
   * Starts a command without arguments.
   *
   * @param name the command name, e.g. {@code query-status}
   * @return the command
   */
  public static QmpCommand of(String name) {
    return new QmpCommand(Objects.requireNonNull(name), null, false, List.of(), null);
  }

  /**
   * Returns a copy with these arguments.
   *
   * @param arguments a {@code Map}, a record or bean, or an {@code ObjectNode}; {@code null} for
   *     none. Converted to JSON when the command is issued.
   * @return the new command
   */
  public QmpCommand arguments(@Nullable Object arguments) {
    return new QmpCommand(name, arguments, oob, descriptors, timeout);
  }

  /**
   * Returns a copy with one more argument; only when the arguments so far are none or a map built
   * by this method.
   *
   * @param key the argument name
   * @param value its value, converted through Jackson
   * @return the new command
   * @throws IllegalStateException when other arguments were set with {@link #arguments(Object)}
   */
  public QmpCommand argument(String key, @Nullable Object value) {
    java.util.LinkedHashMap<String, @Nullable Object> map = new java.util.LinkedHashMap<>();
    if (arguments instanceof ArgumentMap existing) {
      map.putAll(existing.values);
    } else if (arguments != null) {
      throw new IllegalStateException("argument() cannot add to arguments set by arguments()");
    }
    map.put(key, value);
    return new QmpCommand(name, new ArgumentMap(map), oob, descriptors, timeout);
  }

  /** Returns a copy sent as {@code exec-oob}; needs the {@code oob} capability negotiated. */
  public QmpCommand oob() {
    return new QmpCommand(name, arguments, true, descriptors, timeout);
  }

  /**
   * Returns a copy that passes descriptors with its own bytes (for {@code getfd}, {@code add-fd});
   * needs a transport that can, such as {@code unix:}. The caller keeps ownership and must keep
   * them open until the command completes.
   *
   * @param fds open file descriptors
   * @return the new command
   */
  public QmpCommand descriptors(FileDescriptor... fds) {
    return descriptors(List.of(fds));
  }

  /**
   * Returns a copy that passes descriptors with its own bytes.
   *
   * @param fds open file descriptors
   * @return the new command
   */
  public QmpCommand descriptors(List<FileDescriptor> fds) {
    return new QmpCommand(name, arguments, oob, List.copyOf(fds), timeout);
  }

  /**
   * Returns a copy with its own timeout instead of the client's command timeout.
   *
   * @param timeout a positive duration
   * @return the new command
   */
  public QmpCommand timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new QmpCommand(name, arguments, oob, descriptors, timeout);
  }

  /** Returns the command name. */
  public String name() {
    return name;
  }

  /** Returns the arguments as given, or {@code null}. */
  public @Nullable Object arguments() {
    Object a = arguments;
    return a instanceof ArgumentMap m ? m.values : a;
  }

  /** Tells whether the command goes out as {@code exec-oob}. */
  public boolean isOob() {
    return oob;
  }

  /** Returns the descriptors to pass. */
  public List<FileDescriptor> descriptors() {
    return descriptors;
  }

  /** Returns the command's own timeout, or {@code null} for the client's. */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /**
   * Returns a description for logs and debuggers, with password-like arguments and secret data
   * masked as in the traffic log.
   */
  @Override
  public String toString() {
    return "QmpCommand[" + name + (oob ? ", oob" : "") + ", args=" + shownArguments() + "]";
  }

  private String shownArguments() {
    Object a = arguments();
    if (a == null) {
      return "none";
    }
    try {
      return String.valueOf(Redactor.redact(Message.command(name, a)).node().get("arguments"));
    } catch (RuntimeException e) {
      return "(" + a.getClass().getName() + ", not convertible to JSON)";
    }
  }

  /** The map built by {@link #argument}, marked so that later calls can extend it. */
  private record ArgumentMap(java.util.Map<String, @Nullable Object> values) {}
}
