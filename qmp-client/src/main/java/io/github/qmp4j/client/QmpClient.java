package io.github.qmp4j.client;

import io.github.qmp4j.protocol.AsyncProtocol;
import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Handshake;
import io.github.qmp4j.protocol.ProtocolException;
import io.github.qmp4j.protocol.ProtocolTimeoutException;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.SessionException;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.FileDescriptor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A QMP client: connects to QEMU (or the storage daemon, or the guest agent), reads and validates
 * the greeting, negotiates capabilities (enabling {@code oob} when offered), then runs commands and
 * delivers events. Build one with {@link #builder()}; connect with the engine's {@link
 * #connect(String)} (or listen with {@link #startServerAndAccept(String)} for a QEMU that connects
 * out); end with {@link #close()}. Thread-safe: any number of threads may issue commands at once.
 *
 * <pre>{@code
 * try (QmpClient qmp = QmpClient.open("unix:/run/vm/qmp.sock")) {
 *   JsonNode status = qmp.execute("query-status");
 *   qmp.executeAsync("query-block").thenAccept(System.out::println);
 * }
 * }</pre>
 *
 * <h2>Commands</h2>
 *
 * Each command gets a short string id that routes its reply, so replies may arrive in any order and
 * events may come in between. {@code execute} blocks for at most the command timeout (default 60 s,
 * {@link QmpClientBuilder#commandTimeout}); {@code executeAsync} returns a future that the reader
 * thread completes, with the same timeout (a timed-out future is failed on a short-lived thread of
 * the client's thread factory). Do not block in stages that run on completion: they run on the
 * reader thread unless you use the {@code *Async} stage methods. Commands such stages issue on the
 * reader thread go out together, in one write, once the reader has dispatched what it read in one
 * go (a pipeline that issues the next command from each completion costs one system call per read,
 * not one per command); blocking there would hold them back too. With {@code oob} negotiated at
 * most 8 in-band commands are on the wire at once, as QEMU stops reading past that; more wait in
 * the client.
 *
 * <h2>How it fails</h2>
 *
 * Everything thrown is an unchecked {@link ProtocolException}:
 *
 * <ul>
 *   <li>an error reply: {@link QmpErrorResponseException} with class, desc, command and reply; the
 *       session goes on;
 *   <li>a reply that is neither {@code return} nor a well-formed {@code error}, or whose value does
 *       not map to the requested type: {@link MalformedReplyException}; the session goes on;
 *   <li>no reply in time: {@link CommandTimeoutException} (a {@link ProtocolTimeoutException}),
 *       also when a stopped or overloaded peer is still dribbling the reply; the late reply is
 *       dropped and the session goes on;
 *   <li>a reply nobody waits for (an unknown id, a duplicate): dropped with a WARN log line naming
 *       the id; the session goes on;
 *   <li>the session ends (QEMU exits or is killed, the socket breaks, garbage or an oversized
 *       message arrives, a {@link ServerParseException}): every pending command fails with a {@link
 *       DisconnectedException} whose cause is the session's error, listeners end, and {@link
 *       #disconnect()} rethrows that error once as a {@link SessionException}; commands issued
 *       while not running fail at once with {@link DisconnectedException};
 *   <li>connecting fails or times out (connect, greeting, negotiation): {@link ConnectException}
 *       with the cause ({@link GreetingException}, {@link NegotiationException}, {@link
 *       ProtocolTimeoutException}, an {@code IOException}); the client is back to idle;
 *   <li>misuse is detected before anything is sent: {@code exec-oob} without {@code oob}
 *       negotiated, descriptors on a transport that cannot pass them ({@link QmpException}), an id
 *       in use ({@link IllegalArgumentException}), a lifecycle call in the wrong state ({@link
 *       io.github.qmp4j.protocol.StateException}).
 * </ul>
 *
 * After {@code quit}, the end of the session is expected: the quit call succeeds even when the
 * close overtakes its reply, and the session ends without error.
 *
 * <p>Every case is a test in {@code FaultMatrixTest}; what the peer may send is fuzzed in {@code
 * ClientSessionFuzzTest}. Exception messages and log lines above DEBUG never show secrets (see
 * {@link QmpClientBuilder#redactSecrets}). A client that is back to idle holds no thread, so one
 * that is dropped without {@code close()} leaks nothing.
 */
public final class QmpClient extends AsyncProtocol<Message> {
  private static final CallRegistry NOT_CONNECTED = CallRegistry.ended(null);

  private final QmpClientBuilder.Settings settings;
  private final AtomicLong ids = new AtomicLong();
  private final CopyOnWriteArrayList<EventQueue> eventQueues = new CopyOnWriteArrayList<>();
  private final Reconnector reconnector;
  private final String suffix;

  private volatile CallRegistry registry = NOT_CONNECTED;
  private volatile @Nullable CallRegistry nextRegistry;
  private volatile @Nullable Greeting greeting;
  private volatile @Nullable TransportAddress sessionAddress;
  private volatile boolean sessionRan;

  QmpClient(QmpClientBuilder.Settings settings) {
    super(new QmpCodec(settings.maxMessageSize), settings.protocol);
    this.settings = settings;
    String name = settings.protocol.name();
    this.suffix = name == null ? "" : "-" + name;
    this.reconnector =
        new Reconnector(
            settings.reconnect,
            new ReconnectTarget(),
            settings.protocol.threadFactory(),
            "qmp4j-reconnect" + suffix,
            logger());
    addRunstateListener(this::runstateChanged);
  }

  /** Returns a builder with the defaults listed in {@link QmpClientBuilder}. */
  public static QmpClientBuilder builder() {
    return new QmpClientBuilder();
  }

  /**
   * Builds a client with the defaults and connects it.
   *
   * @param address e.g. {@code unix:/run/vm/qmp.sock} or {@code tcp:127.0.0.1:4444}
   * @return the connected client
   * @throws ConnectException when connecting, the greeting or negotiation fails or times out
   * @throws InterruptedException when interrupted while connecting
   */
  public static QmpClient open(String address) throws InterruptedException {
    QmpClient client = builder().build();
    client.connect(address);
    return client;
  }

  // ------------------------------------------------------------------------------ session

  /** Returns the greeting of the current or last session; empty when none was read. */
  public Optional<Greeting> greeting() {
    return Optional.ofNullable(greeting);
  }

  /** Tells whether the current session negotiated {@code oob}, so {@code exec-oob} works. */
  public boolean isOobEnabled() {
    return registry.oob;
  }

  /** Tells whether the client is re-establishing a session that ended by an error. */
  public boolean isReconnecting() {
    return reconnector.active();
  }

  @Override
  protected void establishSession(Handshake<Message> handshake) throws Exception {
    Greeting g = null;
    if (settings.awaitGreeting) {
      g = readGreeting(handshake);
    }
    boolean oob = false;
    if (settings.negotiate) {
      oob = settings.enableOob && g != null && g.offers("oob");
      negotiate(handshake, oob);
    }
    greeting = g;
    sessionAddress = handshake.address().orElse(null);
    // Published when RUNNING, not now: until then a call would find no session to go out on.
    nextRegistry = new CallRegistry(oob, handshake, this::failExpiredCalls);
    logger()
        .debug("QMP session established{}{}", g == null ? "" : ": " + g, oob ? " (oob on)" : "");
  }

  private Greeting readGreeting(Handshake<Message> handshake) throws IOException {
    try (Watchdog watchdog =
        new Watchdog(handshake, settings.greetingTimeout, "the QMP greeting")) {
      while (true) {
        Message m = watchdog.receive();
        if (m.node().has("event") && m.eventName() != null) {
          // QEMU 7.2 may send an event before the greeting on a mux=on chardev during start-up.
          logger().debug("Event {} before the greeting", m.eventName());
          deliver(QmpEvent.of(m));
          continue;
        }
        return Greeting.parse(m);
      }
    }
  }

  private void negotiate(Handshake<Message> handshake, boolean oob) throws IOException {
    ObjectNode args = null;
    if (oob) {
      args = Json.NODES.objectNode();
      args.putArray("enable").add("oob");
    }
    Message request = Message.adopt(Message.build("execute", "qmp_capabilities", args, null));
    try (Watchdog watchdog =
        new Watchdog(handshake, settings.negotiationTimeout, "the reply to qmp_capabilities")) {
      handshake.send(request);
      while (true) {
        Message m = watchdog.receive();
        if (m.node().has("event") && m.eventName() != null) {
          deliver(QmpEvent.of(m));
          continue;
        }
        if (m.node().has("error")) {
          throw new NegotiationException(
              "the server refused qmp_capabilities", m, new QmpErrorResponseException(request, m));
        }
        if (!m.node().has("return")) {
          throw new NegotiationException("expected the reply to qmp_capabilities", m, null);
        }
        return;
      }
    }
  }

  /** Closes the connection when a phase of the handshake takes too long. */
  private final class Watchdog implements AutoCloseable {
    private final Handshake<Message> handshake;
    private final Duration timeout;
    private final String what;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    Watchdog(Handshake<Message> handshake, Duration timeout, String what) {
      this.handshake = handshake;
      this.timeout = timeout;
      this.what = what;
      this.task =
          SharedTimer.schedule(
              () -> {
                fired.set(true);
                try {
                  handshake.connection().close();
                } catch (IOException e) {
                  logger().debug("Closing a silent connection failed: {}", e.toString());
                }
              },
              saturatedNanos(timeout));
    }

    Message receive() throws IOException {
      try {
        return handshake.receive();
      } catch (IOException e) {
        if (fired.get()) {
          throw new ProtocolTimeoutException(
              what + " from " + handshake.connection().description(), timeout);
        }
        throw e;
      }
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }

  @Override
  protected void onMessage(Message message) {
    ObjectNode node = message.node();
    if (node.has("event")) {
      if (message.eventName() != null) {
        deliver(QmpEvent.of(message));
      } else {
        logger().warn("Dropping an event without a name: {}", Redactor.toString(message));
      }
      return;
    }
    CallRegistry reg = registry;
    JsonNode id = node.get("id");
    PendingCall<?> call = reg.remove(id);
    if (call != null) {
      PendingCall<?> next = reg.release(call);
      if (!call.answer(message)) {
        logger().debug("Dropping the late reply to '{}' (id {})", call.name(), id);
      }
      if (next != null) {
        transmit(reg, next);
      }
      return;
    }
    boolean isError = node.has("error");
    if (isError && id == null) {
      throw new ServerParseException(message);
    }
    // Above DEBUG, messages are always shown redacted, whatever redactSecrets says.
    String shown = Redactor.toString(message);
    if (node.has("QMP")) {
      logger().warn("Dropping a greeting in the middle of a session: {}", shown);
    } else if (id == null) {
      logger().warn("Dropping a reply without an id: no id-less command waits for it: {}", shown);
    } else {
      String what = isError ? "an error reply" : "a reply";
      String idText = Redactor.toString(id);
      String why = "no command waits for it (a duplicate, or a reply meant for another client)";
      if (isError) {
        logger().error("Dropping {} with unknown id {}: {}: {}", what, idText, why, shown);
      } else {
        logger().warn("Dropping {} with unknown id {}: {}: {}", what, idText, why, shown);
      }
    }
  }

  @Override
  protected Message inbound(Message message) {
    if (logger().isDebugEnabled()) {
      logger().debug("<-- {}", settings.redactSecrets ? Redactor.redact(message) : message);
    }
    return message;
  }

  @Override
  protected Message outbound(Message message) {
    if (logger().isDebugEnabled()) {
      logger().debug("--> {}", settings.redactSecrets ? Redactor.redact(message) : message);
    }
    return message;
  }

  /** Completions run on the reader thread and often issue the next command: batch those. */
  @Override
  protected boolean batchesReaderWrites() {
    return true;
  }

  @Override
  protected @Nullable Throwable endOfStreamError() {
    return registry.quitSent() ? null : super.endOfStreamError();
  }

  @Override
  protected void onSessionEnd(@Nullable Throwable error) {
    CallRegistry reg = registry;
    reg.end(error);
    boolean expected = error == null || reg.quitExplains(error);
    TransportAddress address = sessionAddress;
    if (!expected && error != null && address != null && reconnector.start(error, address)) {
      logger().warn("QMP session ended: {}; reconnecting to {}", error.toString(), address);
      return; // listeners stay open across the reconnect
    }
    endListeners(expected ? null : error);
  }

  private void runstateChanged(Runstate from, Runstate to) {
    switch (to) {
      case CONNECTING -> {
        sessionRan = false;
        for (EventQueue q : eventQueues) {
          q.reopen();
        }
      }
      case RUNNING -> {
        CallRegistry next = nextRegistry;
        if (next != null) {
          registry = next;
          nextRegistry = null;
        }
        sessionRan = true;
      }
      case IDLE -> {
        if (from != Runstate.DISCONNECTING) {
          return;
        }
        if (!reconnector.isCurrentThread()) {
          reconnector.foreignTearDown();
        }
        if (!sessionRan && !reconnector.active()) {
          endListeners(null); // a failed connection attempt: nobody should wait for its events
        }
        registry = registry.isEnded() ? registry : NOT_CONNECTED;
      }
      case DISCONNECTING -> {}
    }
  }

  /**
   * Stops reconnecting and ends the session like {@link #disconnect()} without throwing its error.
   * Listeners stay registered; the client may connect again.
   */
  @Override
  public void close() {
    reconnector.cancel();
    super.close();
  }

  /**
   * Runs the failing of timed-out calls, and with it the stages their callers attached, on a
   * short-lived thread of this client's thread factory: timeouts are rare, and the shared timer
   * must not run user code.
   */
  private void failExpiredCalls(Runnable expiry) {
    Thread t = settings.protocol.threadFactory().newThread(expiry);
    t.setName("qmp4j-timeouts" + suffix);
    t.start();
  }

  /** What the reconnect thread does with this client. */
  private final class ReconnectTarget implements Reconnector.Target {
    @Override
    public void tearDown() throws InterruptedException {
      disconnect();
    }

    @Override
    public void connect(TransportAddress address) throws InterruptedException {
      QmpClient.this.connect(address, settings.connectTimeout);
    }

    @Override
    public void gaveUp(@Nullable Throwable cause) {
      endListeners(cause);
    }
  }

  // ------------------------------------------------------------------------------ commands

  /**
   * Runs a command without arguments and waits for its return value.
   *
   * @param command the command name, e.g. {@code query-status}
   * @return the {@code return} value
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting; the reply will be dropped
   */
  public JsonNode execute(String command) throws InterruptedException {
    // As QmpCommand.of(command), without building one: this is the path of most commands.
    PendingCall<Message> call =
        issue(Objects.requireNonNull(command), null, false, List.of(), Replies.RAW, null);
    Message reply = await(call, settings.commandTimeout);
    return Replies.returnValue(call.command, reply);
  }

  /**
   * Runs a command and waits for its return value.
   *
   * @param command the command name
   * @param arguments a {@code Map}, a record or bean, or an {@code ObjectNode}; {@code null} for
   *     none
   * @return the {@code return} value
   * @throws IllegalArgumentException when the arguments are not a JSON object
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting; the reply will be dropped
   */
  public JsonNode execute(String command, @Nullable Object arguments) throws InterruptedException {
    return execute(QmpCommand.of(command).arguments(arguments));
  }

  /**
   * Runs a command and maps its return value to a type through Jackson.
   *
   * @param command the command name
   * @param arguments the arguments, or {@code null}
   * @param resultType e.g. a record with the members of the return value
   * @param <T> the result type
   * @return the mapped return value
   * @throws MalformedReplyException when the return value does not map to the type
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public <T> T execute(String command, @Nullable Object arguments, Class<T> resultType)
      throws InterruptedException {
    return execute(QmpCommand.of(command).arguments(arguments), resultType);
  }

  /**
   * Runs a command with file descriptors attached to its own bytes ({@code getfd}, {@code add-fd}),
   * and waits for its return value.
   *
   * @param command the command name
   * @param arguments the arguments, or {@code null}
   * @param descriptors open descriptors; the caller keeps ownership
   * @return the {@code return} value
   * @throws QmpException when the transport cannot pass descriptors; nothing was sent
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public JsonNode execute(
      String command, @Nullable Object arguments, List<FileDescriptor> descriptors)
      throws InterruptedException {
    return execute(QmpCommand.of(command).arguments(arguments).descriptors(descriptors));
  }

  /**
   * Runs a command out of band ({@code exec-oob}) and waits for its return value.
   *
   * @param command the command name, e.g. {@code migrate-pause}
   * @param arguments the arguments, or {@code null}
   * @return the {@code return} value
   * @throws QmpException when {@code oob} was not negotiated; nothing was sent
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public JsonNode executeOob(String command, @Nullable Object arguments)
      throws InterruptedException {
    return execute(QmpCommand.of(command).arguments(arguments).oob());
  }

  /**
   * Runs a command with all its options and waits for its return value.
   *
   * @param command the command
   * @return the {@code return} value
   * @throws QmpException when it needs {@code oob} or descriptor passing that this session lacks
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public JsonNode execute(QmpCommand command) throws InterruptedException {
    PendingCall<Message> call = issue(command, Replies.RAW, null);
    Message reply = await(call, timeoutOf(command));
    return Replies.returnValue(call.command, reply);
  }

  /**
   * Runs a command with all its options and maps its return value to a type.
   *
   * @param command the command
   * @param resultType the result type
   * @param <T> the result type
   * @return the mapped return value
   * @throws MalformedReplyException when the return value does not map to the type
   * @throws QmpException when it needs {@code oob} or descriptor passing that this session lacks
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public <T> T execute(QmpCommand command, Class<T> resultType) throws InterruptedException {
    PendingCall<Message> call = issue(command, Replies.RAW, null);
    Message reply = await(call, timeoutOf(command));
    return Replies.convert(
        settings.jsonMapper, Replies.returnValue(call.command, reply), resultType, reply);
  }

  /**
   * Sends a message exactly as given and waits for the raw reply, error replies included. A message
   * with an {@code id} keeps it (it must not be in use); a message without one is the id-less call:
   * at most one may be pending, and it receives the reply without an id.
   *
   * @param message any JSON object; not validated
   * @return the reply as received
   * @throws IllegalArgumentException when its id, or the id-less slot, is in use
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public Message executeRaw(Message message) throws InterruptedException {
    return executeRaw(message, settings.commandTimeout);
  }

  /**
   * Like {@link #executeRaw(Message)} with its own timeout.
   *
   * @param message any JSON object
   * @param timeout how long to wait for the reply
   * @return the reply as received
   * @throws IllegalArgumentException when its id, or the id-less slot, is in use
   * @throws CommandTimeoutException when no reply comes in time
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public Message executeRaw(Message message, Duration timeout) throws InterruptedException {
    return await(issueRaw(message, Replies.RAW, null), timeout);
  }

  /**
   * Runs a human monitor (HMP) command through {@code human-monitor-command}.
   *
   * @param commandLine e.g. {@code info version}
   * @return what HMP printed
   * @throws QmpErrorResponseException when the server answers with an error
   * @throws CommandTimeoutException when no reply comes within the command timeout
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public String hmp(String commandLine) throws InterruptedException {
    JsonNode out = execute("human-monitor-command", Map.of("command-line", commandLine));
    return out.isString() ? out.stringValue() : out.toString();
  }

  /**
   * Runs a command and waits for an event it causes. The listener is registered before the command
   * is sent, so an event that overtakes the reply is not missed.
   *
   * @param command the command name, e.g. {@code stop}
   * @param arguments the arguments, or {@code null}
   * @param eventName the event to wait for, e.g. {@code STOP}
   * @param predicate a further condition on the event, or {@code null}
   * @param timeout how long the command and the event may take together
   * @return the first matching event after the command was sent
   * @throws ProtocolTimeoutException when the reply or the event did not come in time
   * @throws QmpErrorResponseException when the command fails
   * @throws DisconnectedException when not connected or the session ends first
   * @throws InterruptedException when interrupted while waiting
   */
  public QmpEvent executeAndAwaitEvent(
      String command,
      @Nullable Object arguments,
      String eventName,
      @Nullable Predicate<? super QmpEvent> predicate,
      Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    EventFilter filter = EventFilter.names(eventName);
    if (predicate != null) {
      filter = filter.and(predicate);
    }
    try (EventListener listener = listen(filter, 16, OverflowPolicy.DROP_NEWEST)) {
      execute(QmpCommand.of(command).arguments(arguments).timeout(timeout));
      QmpEvent event = listener.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (event == null) {
        throw new ProtocolTimeoutException("event " + eventName + " after " + command, timeout);
      }
      return event;
    }
  }

  /**
   * Issues a command without arguments; the future completes with its return value on the reader
   * thread.
   *
   * @param command the command name
   * @return the future; it fails with {@link QmpErrorResponseException}, {@link
   *     CommandTimeoutException} or {@link DisconnectedException}
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public CompletableFuture<JsonNode> executeAsync(String command) {
    return issue(
        Objects.requireNonNull(command),
        null,
        false,
        List.of(),
        Replies.RETURN_VALUE,
        settings.commandTimeout);
  }

  /**
   * Issues a command; the future completes with its return value.
   *
   * @param command the command name
   * @param arguments the arguments, or {@code null}
   * @return the future; it fails with {@link QmpErrorResponseException}, {@link
   *     CommandTimeoutException} or {@link DisconnectedException}
   * @throws IllegalArgumentException when the arguments are not a JSON object
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public CompletableFuture<JsonNode> executeAsync(String command, @Nullable Object arguments) {
    return executeAsync(QmpCommand.of(command).arguments(arguments));
  }

  /**
   * Issues a command; the future completes with its return value mapped to a type.
   *
   * @param command the command name
   * @param arguments the arguments, or {@code null}
   * @param resultType the result type
   * @param <T> the result type
   * @return the future; it also fails with {@link MalformedReplyException} when mapping fails
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public <T> CompletableFuture<T> executeAsync(
      String command, @Nullable Object arguments, Class<T> resultType) {
    return executeAsync(QmpCommand.of(command).arguments(arguments), resultType);
  }

  /**
   * Issues a command with all its options. Cancelling the future drops the reply; a command still
   * waiting for an in-band slot is then never sent.
   *
   * @param command the command
   * @return the future
   * @throws QmpException when it needs {@code oob} or descriptor passing that this session lacks
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public CompletableFuture<JsonNode> executeAsync(QmpCommand command) {
    return issue(command, Replies.RETURN_VALUE, timeoutOf(command));
  }

  /**
   * Issues a command with all its options; the result is mapped to a type on the reader thread.
   *
   * @param command the command
   * @param resultType the result type
   * @param <T> the result type
   * @return the future
   * @throws QmpException when it needs {@code oob} or descriptor passing that this session lacks
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public <T> CompletableFuture<T> executeAsync(QmpCommand command, Class<T> resultType) {
    return issue(command, Replies.typed(settings.jsonMapper, resultType), timeoutOf(command));
  }

  /**
   * Sends a message exactly as given; the future completes with the raw reply, error replies
   * included. See {@link #executeRaw(Message)} for ids.
   *
   * @param message any JSON object
   * @return the future
   * @throws IllegalArgumentException when its id, or the id-less slot, is in use
   * @throws DisconnectedException when not connected; nothing was sent
   */
  public CompletableFuture<Message> executeRawAsync(Message message) {
    return issueRaw(message, Replies.RAW, settings.commandTimeout);
  }

  private Duration timeoutOf(QmpCommand command) {
    Duration t = command.timeout();
    return t == null ? settings.commandTimeout : t;
  }

  /**
   * Builds, registers and sends a call. {@code asyncTimeout} is the deadline of an asynchronous
   * call, which the registry enforces; a blocking caller passes null and enforces its own.
   */
  private <T> PendingCall<T> issue(
      QmpCommand command, PendingCall.ReplyMapper<T> mapper, @Nullable Duration asyncTimeout) {
    return issue(
        command.name(),
        command.arguments(),
        command.isOob(),
        command.descriptors(),
        mapper,
        asyncTimeout);
  }

  /** {@link #issue(QmpCommand, PendingCall.ReplyMapper, Duration)} without a QmpCommand. */
  private <T> PendingCall<T> issue(
      String name,
      @Nullable Object arguments,
      boolean oob,
      List<FileDescriptor> fds,
      PendingCall.ReplyMapper<T> mapper,
      @Nullable Duration asyncTimeout) {
    CallRegistry reg = registry;
    if (reg.isEnded()) {
      throw notConnected(name, reg);
    }
    if (oob && !reg.oob) {
      throw new QmpException(
          "Cannot send '"
              + name
              + "' as exec-oob: the 'oob' capability was not negotiated"
              + (settings.enableOob ? " (the server did not offer it)" : " (enableOob is off)"));
    }
    if (!fds.isEmpty() && !canPassDescriptors()) {
      throw new QmpException(
          "Cannot pass file descriptors with '"
              + name
              + "': this connection's transport cannot (use a unix: address)");
    }
    ObjectNode args = Arguments.toObject(settings.jsonMapper, arguments);
    StringNode id = StringNode.valueOf(Long.toString(ids.incrementAndGet()));
    Message message = Message.adopt(Message.build(oob ? "exec-oob" : "execute", name, args, id));
    PendingCall<T> call = new PendingCall<>(message, id, !oob, "quit".equals(name), fds, mapper);
    return start(reg, call, asyncTimeout);
  }

  private <T> PendingCall<T> issueRaw(
      Message message, PendingCall.ReplyMapper<T> mapper, @Nullable Duration asyncTimeout) {
    CallRegistry reg = registry;
    String name = message.command();
    if (reg.isEnded()) {
      throw notConnected(name == null ? "(raw message)" : name, reg);
    }
    JsonNode id = message.node().get("id");
    PendingCall<T> call =
        new PendingCall<>(message, id == null ? CallRegistry.NO_ID : id, List.of(), mapper);
    return start(reg, call, asyncTimeout);
  }

  private DisconnectedException notConnected(String command, CallRegistry reg) {
    return new DisconnectedException(
        "Cannot send '" + command + "': the QMP client is " + runstate(), reg.endCause());
  }

  private <T> PendingCall<T> start(
      CallRegistry reg, PendingCall<T> call, @Nullable Duration asyncTimeout) {
    if (asyncTimeout != null) {
      call.expireAfter(asyncTimeout, deadlineAfter(asyncTimeout));
    }
    reg.register(call);
    if (reg.admit(call)) {
      transmit(reg, call);
    }
    return call;
  }

  /**
   * Puts a registered, admitted call on the wire; a session that ended meanwhile fails it, and the
   * in-band slot it held passes to the next waiting call (which then most likely fails too).
   */
  private void transmit(CallRegistry reg, PendingCall<?> first) {
    PendingCall<?> call = first;
    while (call != null) {
      try {
        Handshake<Message> session = reg.session;
        if (session == null) {
          throw new DisconnectedException("no session", null);
        }
        // Only on the call's own session: after a reconnect, nobody waits for it on the next one.
        send(session, call.command, call.descriptors);
        return;
      } catch (ProtocolException e) {
        reg.forget(call);
        PendingCall<?> next = reg.release(call);
        call.completeExceptionally(
            e instanceof DisconnectedException
                ? new DisconnectedException(
                    "Cannot send '" + call.name() + "': the QMP session ended", reg.endCause())
                : e);
        call = next;
      }
    }
  }

  /**
   * Waits on the caller's thread: no timer task, and while nobody else reads, the caller reads its
   * own reply from the socket (the engine's awaitCompletion), so no thread hand-off either. The
   * {@link ReadDeadline} stops a caller that is reading a slowly dribbled reply at its deadline:
   * the engine bounds each socket read, not the whole message.
   */
  private Message await(PendingCall<Message> call, Duration timeout) throws InterruptedException {
    boolean done;
    try {
      ReadDeadline.set(deadlineAfter(timeout));
      done = awaitCompletion(call, timeout);
    } catch (InterruptedException e) {
      call.cancel(false);
      throw e;
    } finally {
      ReadDeadline.set(0);
    }
    if (!done) {
      call.completeExceptionally(new CommandTimeoutException(call.command, timeout));
    }
    return join(call);
  }

  /** The result of a call that is done (a reply may have beaten the timeout). */
  private static Message join(PendingCall<Message> call) throws InterruptedException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(@Nullable Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new QmpException("Command failed", cause);
  }

  /** A nonzero {@link System#nanoTime()} deadline {@code timeout} from now. */
  private static long deadlineAfter(Duration timeout) {
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    return deadline == 0 ? 1 : deadline;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  // ------------------------------------------------------------------------------ events

  /**
   * Listens to every event, with the default capacity and overflow policy.
   *
   * @return the listener; close it when done
   */
  public EventListener listen() {
    return listen(EventFilter.all());
  }

  /**
   * Listens to events with the given names.
   *
   * @param names e.g. {@code STOP}, {@code RESUME}
   * @return the listener; close it when done
   */
  public EventListener listen(String... names) {
    return listen(EventFilter.names(names));
  }

  /**
   * Listens to the events a filter accepts, with the default capacity and overflow policy.
   *
   * @param filter the filter
   * @return the listener; close it when done
   */
  public EventListener listen(EventFilter filter) {
    return listen(filter, settings.eventQueueCapacity, settings.eventOverflowPolicy);
  }

  /**
   * Listens to the events a filter accepts.
   *
   * @param filter the filter
   * @param capacity the queue bound, at least 1
   * @param policy what happens when the queue is full
   * @return the listener; close it when done
   */
  public EventListener listen(EventFilter filter, int capacity, OverflowPolicy policy) {
    return new EventListener(register(filter, capacity, policy, null));
  }

  /**
   * Calls back for the events a filter accepts, in order, on a dispatch thread of its own.
   *
   * @param filter the filter
   * @param callback receives each event; exceptions are logged
   * @return the subscription; close it when done
   */
  public EventSubscription subscribe(EventFilter filter, Consumer<QmpEvent> callback) {
    return subscribe(filter, settings.eventQueueCapacity, settings.eventOverflowPolicy, callback);
  }

  /**
   * Calls back for the events a filter accepts, in order, on a dispatch thread of its own.
   *
   * @param filter the filter
   * @param capacity the queue bound, at least 1
   * @param policy what happens when the queue is full
   * @param callback receives each event; exceptions are logged
   * @return the subscription; close it when done
   */
  public EventSubscription subscribe(
      EventFilter filter, int capacity, OverflowPolicy policy, Consumer<QmpEvent> callback) {
    return new EventSubscription(register(filter, capacity, policy, callback));
  }

  private EventQueue register(
      EventFilter filter,
      int capacity,
      OverflowPolicy policy,
      @Nullable Consumer<QmpEvent> callback) {
    EventQueue q =
        new EventQueue(
            filter,
            capacity,
            policy,
            logger(),
            callback,
            settings.protocol.threadFactory(),
            "qmp4j-events" + suffix,
            eventQueues::remove);
    eventQueues.add(q);
    return q;
  }

  private void deliver(QmpEvent event) {
    for (EventQueue q : eventQueues) {
      if (q.accepts(event)) {
        q.offer(event);
      }
    }
  }

  private void endListeners(@Nullable Throwable cause) {
    for (EventQueue q : eventQueues) {
      q.end(cause);
    }
  }
}
