package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.JsonLimits;
import io.github.qmp4j.protocol.ProtocolTimeoutException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.io.FileDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake QEMU that speaks QMP on the wire exactly as QEMU 7.2 does, for unit tests of code that
 * drives QEMU: greeting, capabilities negotiation, request parsing (a stream of JSON objects, no
 * newlines needed), QEMU's error classes and texts, ids echoed unchanged, events with QEMU's
 * timestamps, even QEMU's member order and escapes. Modelled on OkHttp's MockWebServer: a plain
 * object, usable without JUnit.
 *
 * <pre>{@code
 * try (FakeQmpServer fake = new FakeQmpServer()) {
 *   fake.on("query-block").returnsJson("[]");
 *   TransportAddress address = fake.start("tcp:127.0.0.1:0");
 *   codeUnderTest(address.toString());
 *   assertEquals("query-block", fake.takeCommand(Duration.ofSeconds(5)).name());
 * }
 * }</pre>
 *
 * <h2>Without a script</h2>
 *
 * Built in, as QEMU answers them: {@code query-version}, {@code query-status}, {@code
 * query-commands}, {@code stop} and {@code cont} (with {@code STOP}/{@code RESUME} and the status
 * they imply), {@code system_reset}, {@code system_powerdown}, {@code quit} (reply, {@code
 * SHUTDOWN}, then the fake closes that connection), {@code human-monitor-command} ({@code info
 * version}, {@code info status}, {@code stop}, {@code cont}), and {@code getfd}, {@code closefd},
 * {@code add-fd}, {@code remove-fd}, {@code query-fdsets} over descriptors received on a Unix
 * socket. Anything else is {@code CommandNotFound}.
 *
 * <h2>Scripting and recording</h2>
 *
 * {@link #on(String)} scripts a command (replacing a built-in of that name), {@link #emitEvent}
 * sends an event at any time, {@link #injectFault} breaks every open connection on purpose, and
 * {@link #takeCommand} returns what clients sent, from a log bounded by {@link
 * #commandLogCapacity(int)} (or off, {@link #recordCommands(boolean)}). In {@link #strict(boolean)
 * strict mode} commands no script expects are collected and reported by {@link #verify()}.
 *
 * <h2>Connections</h2>
 *
 * Any transport: {@code memory:} (the default, in-process), {@code unix:} (with descriptor
 * passing), {@code tcp:}, {@code tls:}, found by scheme like every qmp4j transport. Clients are
 * served concurrently; {@link #oneClientAtATime(boolean)} serves them one after another as QEMU's
 * monitor does, each with a fresh greeting. Each connection is a session named {@code fake-N} (its
 * logger is {@code io.github.qmp4j.protocol.fake-N}). Settings take effect for connections made
 * after the change.
 *
 * <p>Thread-safe. {@link #close()} stops listening, closes every connection and every descriptor
 * received. A descriptor no {@code getfd} or {@code add-fd} took is closed already when its
 * connection ends.
 */
public final class FakeQmpServer implements AutoCloseable {
  /** Where {@link #start()} listens: a fresh in-process {@code memory:} name. */
  public static final String DEFAULT_ADDRESS = "memory:*";

  private static final Logger logger = LoggerFactory.getLogger(FakeQmpServer.class);

  private final ServerState state = new ServerState();
  private final AtomicInteger sessionNumbers = new AtomicInteger();
  private final Object lifecycle = new Object();
  private volatile boolean oneAtATime;
  private @Nullable TransportListener listener; // guarded by lifecycle
  private @Nullable Thread acceptor; // guarded by lifecycle
  private volatile @Nullable TransportAddress address;
  private boolean closed; // guarded by lifecycle

  /** Creates a fake that offers OOB, claims QEMU 7.2.0 and a running VM; call a start method. */
  public FakeQmpServer() {}

  /** What all sessions share; for tests of the fake itself. */
  ServerState state() {
    return state;
  }

  // ------------------------------------------------------------------------------- settings

  /**
   * Sets the version in the greeting, {@code query-version} and {@code info version}.
   *
   * @param version e.g. {@code new QemuVersion(8, 2, 1, "")}
   * @return this server
   */
  public FakeQmpServer version(QemuVersion version) {
    state.version = Objects.requireNonNull(version);
    return this;
  }

  /** Returns the version the fake claims. */
  public QemuVersion version() {
    return state.version;
  }

  /**
   * Sets whether the greeting offers the {@code oob} capability (default: yes, as QEMU 7.2 does on
   * a socket monitor). Without it, {@code qmp_capabilities} enabling {@code oob} fails with QEMU's
   * "Capability oob not available".
   *
   * @param offered whether to offer OOB
   * @return this server
   */
  public FakeQmpServer oob(boolean offered) {
    state.oobOffered = offered;
    return this;
  }

  /**
   * Sets whether output uses QEMU's {@code pretty=on} layout (several lines per message).
   *
   * @param pretty whether to indent
   * @return this server
   */
  public FakeQmpServer pretty(boolean pretty) {
    state.pretty = pretty;
    return this;
  }

  /**
   * Sets the VM's run state as {@code query-status} reports it: {@code running} (default), {@code
   * paused}, {@code prelaunch} (QEMU's {@code -S}), ... Anything but {@code running} counts as
   * stopped for {@code stop}/{@code cont}.
   *
   * @param status the QAPI {@code RunState} name
   * @return this server
   */
  public FakeQmpServer status(String status) {
    state.vm.set(status);
    return this;
  }

  /** Returns the VM's current run state. */
  public String status() {
    return state.vm.status();
  }

  /**
   * Serves one client at a time, as QEMU's monitor does: the next connection waits (connected, but
   * without a greeting) until the current one ends. Default: concurrently.
   *
   * @param serial whether to serve one at a time
   * @return this server
   */
  public FakeQmpServer oneClientAtATime(boolean serial) {
    this.oneAtATime = serial;
    return this;
  }

  /**
   * Turns strict mode on or off. In strict mode a command that is neither {@linkplain #on scripted}
   * nor {@linkplain #expect expected} is collected (it is still answered as usual) and {@link
   * #verify()} fails.
   *
   * @param strict whether to be strict
   * @return this server
   */
  public FakeQmpServer strict(boolean strict) {
    state.strict = strict;
    return this;
  }

  /**
   * Names commands strict mode accepts without a script (built-ins a test relies on).
   *
   * @param commands command names
   * @return this server
   */
  public FakeQmpServer expect(String... commands) {
    state.expected.addAll(List.of(commands));
    return this;
  }

  /**
   * Sets whether {@code qmp_capabilities} is recorded for {@link #takeCommand} (default: no, so
   * that a test's first take is its first real command).
   *
   * @param record whether to record negotiation
   * @return this server
   */
  public FakeQmpServer recordNegotiation(boolean record) {
    state.recordNegotiation = record;
    return this;
  }

  /**
   * Sets whether commands are kept for {@link #takeCommand} (default: yes). A fake that runs for
   * long without anyone taking its commands (a soak, a standalone fake) should turn this off;
   * {@link #commandCount()} counts on either way, and commands kept before stay takeable.
   *
   * @param record whether to keep commands
   * @return this server
   */
  public FakeQmpServer recordCommands(boolean record) {
    state.commands.enabled(record);
    return this;
  }

  /**
   * Bounds how many commands are kept for {@link #takeCommand} (default 10,000, far more than a
   * unit test sends). When the log is full the oldest command is dropped to make room, counted by
   * {@link #droppedCommandCount()} and reported once at WARN, so that a long-running fake keeps a
   * bounded amount of memory. Lowering the bound drops the oldest commands that no longer fit.
   *
   * @param commands the capacity, at least 1
   * @return this server
   * @throws IllegalArgumentException when {@code commands} is less than 1
   */
  public FakeQmpServer commandLogCapacity(int commands) {
    state.commands.capacity(commands);
    return this;
  }

  /** Returns how many commands are kept for {@link #takeCommand} at most. */
  public int commandLogCapacity() {
    return state.commands.capacity();
  }

  /**
   * Delays every in-band answer after negotiation, like a QEMU with a busy main loop (default
   * none); {@code exec-oob} is still answered at once, as QEMU's I/O thread does.
   *
   * @param delay how long each command takes
   * @return this server
   */
  public FakeQmpServer delayEveryReply(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    state.defaultDelay = delay;
    return this;
  }

  /**
   * Sends an event to each client some time after it has negotiated, e.g. to script a VM that
   * reports something right after connecting. Events queue in the order added.
   *
   * @param event the event
   * @param delay how long after negotiation (or after the previous such event)
   * @return this server
   */
  public FakeQmpServer afterNegotiation(FakeEvent event, Duration delay) {
    state.negotiationEvents.add(new ServerState.TimedEvent(Objects.requireNonNull(event), delay));
    return this;
  }

  /**
   * Sets where transports are looked up (default: {@link TransportRegistry#getDefault()}).
   *
   * @param transports the registry
   * @return this server
   */
  public FakeQmpServer transports(TransportRegistry transports) {
    state.transports = Objects.requireNonNull(transports);
    return this;
  }

  /**
   * Sets the transport options (TLS certificates, Unix socket settings, ...).
   *
   * @param options the options
   * @return this server
   */
  public FakeQmpServer transportOptions(TransportOptions options) {
    state.transportOptions = Objects.requireNonNull(options);
    return this;
  }

  /**
   * Sets the limits on one request, for tests of the fake itself that must reach them with small
   * input (default: QEMU's, 64 MiB). Not public: the fake's limits are QEMU's.
   */
  FakeQmpServer jsonLimits(JsonLimits limits) {
    state.jsonLimits = Objects.requireNonNull(limits);
    return this;
  }

  /**
   * Sets the factory of the session and worker threads (default: daemon platform threads).
   *
   * @param threads the factory
   * @return this server
   */
  public FakeQmpServer threadFactory(ThreadFactory threads) {
    state.threadFactory = Objects.requireNonNull(threads);
    return this;
  }

  /**
   * Applies a script: its settings, commands and events are added to this server's.
   *
   * @param script a loaded script
   * @return this server
   */
  public FakeQmpServer script(FakeScript script) {
    script.applyTo(this);
    return this;
  }

  /**
   * Returns the script of a command, creating it; see {@link Stub}.
   *
   * @param command the command name, e.g. {@code query-block}
   * @return its stub
   */
  public Stub on(String command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command name");
    }
    return state.stubs.computeIfAbsent(command, Stub::new);
  }

  // ------------------------------------------------------------------------------ lifecycle

  /**
   * Starts listening on a fresh in-process {@code memory:} address.
   *
   * @return the address clients connect to
   * @throws IllegalStateException when already started or closed
   */
  public TransportAddress start() throws IOException {
    return start(DEFAULT_ADDRESS);
  }

  /**
   * Starts listening. Use loopback or a Unix socket (created 0600 by the unix transport) unless
   * other machines must reach the fake.
   *
   * @param address in QEMU syntax: {@code memory:*}, {@code unix:/tmp/fake.sock}, {@code
   *     tcp:127.0.0.1:0} (port 0 picks a free port), {@code tls:127.0.0.1:0}
   * @return the address clients connect to, with the actual port or name
   * @throws IOException when the address cannot be bound
   * @throws io.github.qmp4j.protocol.transport.TransportNotFoundException naming the artifact to
   *     add when no transport serves the scheme
   * @throws IllegalStateException when already started or closed
   */
  public TransportAddress start(String address) throws IOException {
    TransportAddress wanted = TransportAddress.parse(address);
    synchronized (lifecycle) {
      if (closed || listener != null) {
        throw new IllegalStateException(closed ? "closed" : "already started on " + this.address);
      }
      TransportListener l =
          state.transports.provider(wanted).listen(wanted, state.transportOptions);
      listener = l;
      this.address = l.localAddress();
      state.startPool();
      Thread t =
          state.threadFactory.newThread(new Acceptor(state, l, sessionNumbers, () -> oneAtATime));
      t.setName("qmp4j-fake-accept-" + l.localAddress());
      acceptor = t;
      t.start();
      logger.debug("Fake QMP server listening on {}", l.localAddress());
      return l.localAddress();
    }
  }

  /**
   * Returns the address clients connect to.
   *
   * @throws IllegalStateException when not started
   */
  public TransportAddress address() {
    TransportAddress a = address;
    if (a == null) {
      throw new IllegalStateException("not started");
    }
    return a;
  }

  /**
   * Stops listening, closes every connection (flushing what was already sent), ends delays and
   * stalls, and closes every descriptor received. Idempotent; never throws.
   */
  @Override
  public void close() {
    TransportListener l;
    Thread t;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      l = listener;
      t = acceptor;
    }
    state.closing.countDown();
    try {
      if (l != null) {
        l.close();
      }
    } catch (IOException e) {
      logger.debug("Closing the listener failed: {}", e.toString());
    }
    boolean interrupted = false;
    try {
      if (t != null) {
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
      for (FakeSession s : List.copyOf(state.sessions)) {
        s.shutDown();
      }
      state.stopPool();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    state.descriptors.closeAll();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    logger.debug("Fake QMP server on {} closed", address);
  }

  // -------------------------------------------------------------------------------- runtime

  /**
   * Sends an event now to every client that has negotiated (QEMU sends none during negotiation).
   *
   * @param name the event name, e.g. {@code DEVICE_DELETED}
   * @param data the data object (a {@code Map}, record or {@code JsonNode}), or {@code null}
   * @return how many clients it was sent to
   * @throws IllegalArgumentException when the data is not a JSON object
   */
  public int emitEvent(String name, @Nullable Object data) {
    return state.broadcast(FakeEvent.of(name, data));
  }

  /**
   * Sends an event without data now to every client that has negotiated.
   *
   * @param name the event name
   * @return how many clients it was sent to
   */
  public int emitEvent(String name) {
    return emitEvent(name, null);
  }

  /**
   * Shows a fault on every open connection at once: {@link Fault#close()} closes them, {@link
   * Fault#closeMidMessage()} writes half an event and closes, {@link Fault#stall()} stops them
   * answering, {@link Fault#garbage()} writes the bytes, {@link Fault#oversized(int)} sends an
   * event padded to the size, {@link Fault#wrongId()} sends a reply nobody asked for.
   *
   * @param fault what goes wrong
   * @return how many connections it hit
   */
  public int injectFault(Fault fault) {
    int hit = 0;
    for (FakeSession s : List.copyOf(state.sessions)) {
      try {
        Faults.now(s, state.pretty, fault);
        hit++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return hit;
  }

  /**
   * Takes the oldest command kept, waiting for one. Commands are kept in arrival order, at most
   * {@link #commandLogCapacity(int)} of them, while {@link #recordCommands(boolean)} is on.
   *
   * @param timeout how long to wait
   * @return the command
   * @throws ProtocolTimeoutException when none arrived in time
   * @throws InterruptedException when interrupted while waiting
   */
  public ReceivedCommand takeCommand(Duration timeout) throws InterruptedException {
    ReceivedCommand c = state.commands.take(timeout.toNanos());
    if (c == null) {
      throw new ProtocolTimeoutException("a command to the fake QMP server", timeout);
    }
    return c;
  }

  /**
   * Returns how many commands were received: every one that would be recorded for {@link
   * #takeCommand}, whether it was kept, dropped from a full log, or not kept because recording is
   * off.
   */
  public int commandCount() {
    return (int) Math.min(Integer.MAX_VALUE, state.commands.received());
  }

  /**
   * Returns how many commands were dropped from the full command log (the oldest first) before
   * anyone took them; see {@link #commandLogCapacity(int)}.
   */
  public long droppedCommandCount() {
    return state.commands.dropped();
  }

  /** Returns how many connections were accepted so far. */
  public int connectionCount() {
    return sessionNumbers.get();
  }

  /** Returns how many connections are open now. */
  public int openConnections() {
    return state.sessions.size();
  }

  /**
   * Returns the descriptor a client named with {@code getfd}.
   *
   * @param fdname the name
   * @return the descriptor (still owned by the server), or empty
   */
  public Optional<FileDescriptor> namedDescriptor(String fdname) {
    return state.descriptors.named(fdname);
  }

  /** Returns the commands strict mode found unexpected, in arrival order. */
  public List<ReceivedCommand> unexpectedCommands() {
    return List.copyOf(state.violations);
  }

  /**
   * Fails when strict mode saw unexpected commands.
   *
   * @throws AssertionError listing them
   */
  public void verify() {
    List<ReceivedCommand> unexpected = unexpectedCommands();
    if (!unexpected.isEmpty()) {
      throw new AssertionError(
          "The fake QMP server received "
              + unexpected.size()
              + " command(s) no script expected: "
              + unexpected);
    }
  }

  @Override
  public String toString() {
    TransportAddress a = address;
    return "FakeQmpServer[" + (a == null ? "not started" : a.toString()) + "]";
  }
}
