package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.JsonLimits;
import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What all sessions of one fake share: the settings, the script, the VM state, the descriptors, the
 * recording, and the signal that the server is closing.
 */
final class ServerState {
  private static final Logger logger = LoggerFactory.getLogger(FakeQmpServer.class);

  /** An event sent to each session some time after it negotiated. */
  record TimedEvent(FakeEvent event, Duration delay) {}

  volatile QemuVersion version = QemuVersion.QEMU_7_2;
  volatile boolean oobOffered = true;
  volatile boolean pretty;
  volatile boolean strict;
  volatile boolean recordNegotiation;
  volatile Duration defaultDelay = Duration.ZERO;
  volatile TransportRegistry transports = TransportRegistry.getDefault();
  volatile TransportOptions transportOptions = TransportOptions.empty();
  volatile ThreadFactory threadFactory = ProtocolConfig.defaults().threadFactory();
  volatile Duration lifecycleTimeout = Duration.ofSeconds(10);
  volatile JsonLimits jsonLimits = JsonLimits.QEMU;

  final Set<String> expected = ConcurrentHashMap.newKeySet();
  final List<TimedEvent> negotiationEvents = new CopyOnWriteArrayList<>();
  final Map<String, Stub> stubs = new ConcurrentHashMap<>();
  final VmState vm = new VmState("running");
  final DescriptorStore descriptors = new DescriptorStore();
  final CommandLog commands = new CommandLog();
  final List<ReceivedCommand> violations = new CopyOnWriteArrayList<>();
  final Set<FakeSession> sessions = ConcurrentHashMap.newKeySet();
  final CountDownLatch closing = new CountDownLatch(1);
  private final Dispatcher dispatcher = new Dispatcher(this);
  private volatile @Nullable ExecutorService pool;

  // ---------------------------------------------------------------- settings seen by sessions

  QemuVersion version() {
    return version;
  }

  boolean oobOffered() {
    return oobOffered;
  }

  boolean pretty() {
    return pretty;
  }

  boolean recordsNegotiation() {
    return recordNegotiation;
  }

  JsonLimits jsonLimits() {
    return jsonLimits;
  }

  Duration defaultDelay() {
    return defaultDelay;
  }

  VmState vm() {
    return vm;
  }

  DescriptorStore descriptors() {
    return descriptors;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  ObjectNode greeting() {
    return Messages.greeting(version, oobOffered);
  }

  ProtocolConfig protocolConfig(String name) {
    return ProtocolConfig.builder()
        .name(name)
        .threadFactory(threadFactory)
        .transports(transports)
        .transportOptions(transportOptions)
        .lifecycleTimeout(lifecycleTimeout)
        .build();
  }

  @Nullable Stub stub(String command) {
    return stubs.get(command);
  }

  /** The commands {@code query-commands} lists: the built-ins, the scripted, and negotiation. */
  List<String> commandNames() {
    Set<String> names = new TreeSet<>(Builtins.names());
    names.addAll(stubs.keySet());
    names.add(Dispatcher.NEGOTIATION);
    return new ArrayList<>(names);
  }

  // ---------------------------------------------------------------------------- recording

  void record(ReceivedCommand command) {
    commands.record(command);
  }

  void checkExpected(ReceivedCommand command) {
    if (strict && !expected.contains(command.name()) && !stubs.containsKey(command.name())) {
      logger.warn("Strict mode: unexpected command {}", command);
      violations.add(command);
    }
  }

  // ------------------------------------------------------------------------------ threads

  void startPool() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = threadFactory;
    pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = factory.newThread(task);
              t.setName("qmp4j-fake-worker-" + n.incrementAndGet());
              return t;
            });
  }

  ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      throw new IllegalStateException("not started");
    }
    return p;
  }

  void stopPool() throws InterruptedException {
    ExecutorService p = pool;
    if (p != null) {
      p.shutdownNow();
      if (!p.awaitTermination(5, TimeUnit.SECONDS)) {
        logger.warn("Fake server worker threads did not stop in time");
      }
    }
  }

  private void execute(Runnable task) {
    try {
      pool().execute(task);
    } catch (RejectedExecutionException e) {
      logger.debug("Not run, the server is closing");
    }
  }

  boolean closing() {
    return closing.getCount() == 0;
  }

  void awaitClosing() throws InterruptedException {
    closing.await();
  }

  /** Sleeps for a scripted delay; returns false when the server closed meanwhile. */
  boolean sleep(Duration delay) throws InterruptedException {
    return !closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  // -------------------------------------------------------------------------------- events

  /** Sends an event to every negotiated session; returns how many it reached. */
  int broadcast(FakeEvent event) {
    ObjectNode message = Messages.event(event, Instant.now());
    int reached = 0;
    for (FakeSession s : sessions) {
      if (s.deliverEvent(message)) {
        reached++;
      }
    }
    return reached;
  }

  void negotiated(FakeSession session) {
    List<TimedEvent> events = List.copyOf(negotiationEvents);
    if (events.isEmpty()) {
      return;
    }
    execute(
        () -> {
          try {
            for (TimedEvent e : events) {
              if (!sleep(e.delay())) {
                return;
              }
              session.deliverEvent(Messages.event(e.event(), Instant.now()));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  void sessionEnded(FakeSession session) {
    sessions.remove(session);
    if (sessions.isEmpty() && vm.running()) {
      descriptors.clearFdsets(); // QEMU drops unused fd sets when its last client leaves
    }
    if (!closing()) {
      execute(session::close); // back to IDLE off the reader thread, which close() joins
    }
  }
}
