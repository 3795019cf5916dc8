package io.github.qmp4j.protocol;

import io.github.qmp4j.protocol.codec.MessageCodec;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageReader;
import io.github.qmp4j.protocol.codec.MessageCodec.MessageWriter;
import io.github.qmp4j.protocol.internal.Deadline;
import io.github.qmp4j.protocol.internal.FlushBeforeRead;
import io.github.qmp4j.protocol.internal.Outbound;
import io.github.qmp4j.protocol.internal.ReadTurns;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportAddress;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import io.github.qmp4j.protocol.transport.TransportProvider;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine: one peer, one session at a time, with the lifecycle of {@code qemu.qmp}'s
 * {@code AsyncProtocol}. A subclass adds the protocol: it negotiates in {@link #establishSession}
 * and handles each inbound message in {@link #onMessage}.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #connect(String)} (or {@link #startServer(String)} then {@link #accept()}) moves {@link
 * Runstate#IDLE} → {@link Runstate#CONNECTING} → {@link Runstate#RUNNING}; {@link #disconnect()}
 * moves on to {@link Runstate#DISCONNECTING} → {@link Runstate#IDLE}. A call in the wrong state
 * throws {@link StateException}. Any failure while connecting, accepting or establishing rolls back
 * to {@code IDLE} and throws {@link ConnectException} with the root cause; a timeout is a {@code
 * ConnectException} caused by {@link TimeoutException}. Interrupting the caller aborts the attempt
 * and throws {@link InterruptedException}, never wrapped; {@code disconnect()} from another thread
 * aborts it with {@link CancellationException}.
 *
 * <h2>Threads</h2>
 *
 * Each session has one reader thread (which also performs the connect and the negotiation) and,
 * only once a write has to wait, one writer thread. A sender writes on its own thread when nothing
 * is queued. An error in either loop ends the session at once: the state becomes {@code
 * DISCONNECTING}, {@link #onSessionEnd} runs, and the next {@link #disconnect()} returns to {@code
 * IDLE} and throws the error as a {@link SessionException}, once. No thread or connection survives
 * {@code disconnect()}.
 *
 * <h2>Logging</h2>
 *
 * One SLF4J logger per instance, {@code io.github.qmp4j.protocol.NAME}; traffic at DEBUG as {@code
 * --> msg} and {@code <-- msg}.
 *
 * @param <M> the message type
 */
public abstract class AsyncProtocol<M> implements AutoCloseable {
  private static final String CONNECTION_PHASE = "Failed to establish connection";
  private static final String SESSION_PHASE = "Failed to establish session";
  private static final long JOIN_GRACE_MILLIS = 500;

  private final ProtocolConfig config;
  private final MessageCodec<M> codec;
  private final Logger logger;
  private final List<RunstateListener> listeners = new CopyOnWriteArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile Runstate runstate = Runstate.IDLE;
  private volatile @Nullable Session session;
  private long transitions;
  private @Nullable Attempt attempt;
  private @Nullable TransportListener server;
  private @Nullable Throwable sessionError;
  private boolean tearingDown;

  /**
   * Creates an idle protocol.
   *
   * @param codec frames the messages
   * @param config name, threads, transports and default timeout
   */
  protected AsyncProtocol(MessageCodec<M> codec, ProtocolConfig config) {
    this.codec = codec;
    this.config = config;
    String name = config.name();
    this.logger =
        LoggerFactory.getLogger(
            name == null ? "io.github.qmp4j.protocol" : "io.github.qmp4j.protocol." + name);
  }

  // ---------------------------------------------------------------------------------- state

  /** Returns the name given in the configuration, or {@code null}. */
  public final @Nullable String name() {
    return config.name();
  }

  /** Returns the configuration. */
  public final ProtocolConfig config() {
    return config;
  }

  /** Returns the current runstate. */
  public final Runstate runstate() {
    return runstate;
  }

  /** Returns this instance's logger, {@code io.github.qmp4j.protocol.NAME}. */
  protected final Logger logger() {
    return logger;
  }

  /**
   * Adds a listener for runstate transitions.
   *
   * @param listener called on each transition, in order
   */
  public final void addRunstateListener(RunstateListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener added earlier.
   *
   * @param listener the listener
   */
  public final void removeRunstateListener(RunstateListener listener) {
    listeners.remove(listener);
  }

  /**
   * Waits for the next runstate transition after this call.
   *
   * @param timeout how long to wait
   * @return the runstate after the transition
   * @throws ProtocolTimeoutException when no transition happened in time
   * @throws InterruptedException when interrupted while waiting
   */
  public final Runstate awaitRunstateChange(Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    lock.lock();
    try {
      long seen = transitions;
      while (transitions == seen) {
        awaitChange(deadline, "a runstate change");
      }
      return runstate;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the runstate is {@code wanted}.
   *
   * @param wanted the state to wait for
   * @param timeout how long to wait
   * @throws ProtocolTimeoutException when the state was not reached in time
   * @throws InterruptedException when interrupted while waiting
   */
  public final void awaitRunstate(Runstate wanted, Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    lock.lock();
    try {
      while (runstate != wanted) {
        awaitChange(deadline, "runstate " + wanted);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: waits for a signal or throws once the deadline has passed. */
  @SuppressWarnings("WaitNotInLoop") // every caller loops on its own condition
  private void awaitChange(Deadline deadline, String what) throws InterruptedException {
    long left = deadline.remainingNanos();
    if (left <= 0) {
      throw new ProtocolTimeoutException(what, deadline.timeout());
    }
    changed.await(left, TimeUnit.NANOSECONDS);
  }

  /** Under the lock: moves to a new runstate and tells the listeners. */
  private void setState(Runstate to) {
    Runstate from = runstate;
    if (from == to) {
      return;
    }
    runstate = to;
    transitions++;
    changed.signalAll();
    logger.debug("Transitioning from '{}' to '{}'.", from, to);
    for (RunstateListener listener : listeners) {
      try {
        listener.runstateChanged(from, to);
      } catch (RuntimeException e) {
        logger.warn("Runstate listener failed", e);
      }
    }
  }

  private StateException stateError(Runstate... required) {
    Runstate actual = runstate;
    String what =
        switch (actual) {
          case IDLE -> "is disconnected and idle.";
          case CONNECTING -> "is currently connecting.";
          case RUNNING -> "is already connected and running.";
          case DISCONNECTING -> "is disconnecting. Call disconnect() to return to IDLE state.";
        };
    EnumSet<Runstate> set = EnumSet.noneOf(Runstate.class);
    set.addAll(List.of(required));
    return new StateException(getClass().getSimpleName() + " " + what, actual, set);
  }

  private String displayName() {
    String name = config.name();
    return name == null
        ? getClass().getSimpleName()
        : getClass().getSimpleName() + " '" + name + "'";
  }

  // ------------------------------------------------------------------------------ lifecycle

  /**
   * Connects to a peer and establishes a session, within the configured lifecycle timeout.
   *
   * @param address an address in QEMU syntax, e.g. {@code unix:/run/qmp.sock}
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when connecting or establishing fails or times out
   * @throws CancellationException when {@link #disconnect()} cancelled the attempt
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void connect(String address) throws InterruptedException {
    connect(TransportAddress.parse(address), config.lifecycleTimeout());
  }

  /**
   * Connects to a peer and establishes a session.
   *
   * @param address where to connect
   * @param timeout how long connecting and establishing may take together
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when connecting or establishing fails or times out
   * @throws CancellationException when {@link #disconnect()} cancelled the attempt
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void connect(TransportAddress address, Duration timeout)
      throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    Attempt a = begin();
    a.address = address;
    startWorker(
        a,
        () -> {
          TransportProvider provider = config.transports().provider(address);
          return provider.connect(address, config.transportOptions(), deadline.remaining());
        });
    awaitAttempt(a, deadline);
  }

  /**
   * Establishes a session over a connection that is already open, the counterpart of passing a
   * connected socket to {@code qemu.qmp}. The protocol owns the connection from now on.
   *
   * @param connection the open connection
   * @param timeout how long establishing may take
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when establishing fails or times out; the connection is closed
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void connect(TransportConnection connection, Duration timeout)
      throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    Attempt a = begin();
    startWorker(a, () -> connection);
    awaitAttempt(a, deadline);
  }

  private Attempt begin() {
    lock.lock();
    try {
      if (runstate != Runstate.IDLE) {
        throw stateError(Runstate.IDLE);
      }
      Attempt a = new Attempt();
      attempt = a;
      setState(Runstate.CONNECTING);
      return a;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts listening, leaving the protocol {@code CONNECTING} until {@link #accept()}.
   *
   * @param address where to listen, e.g. {@code unix:/tmp/qmp.sock} or {@code tcp:127.0.0.1:0}
   * @return the address peers can connect to (with the actual port when 0 was asked for)
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when the address cannot be bound; the state is back to {@code IDLE}
   */
  public final TransportAddress startServer(String address) {
    return startServer(TransportAddress.parse(address));
  }

  /**
   * Starts listening, leaving the protocol {@code CONNECTING} until {@link #accept()}.
   *
   * @param address where to listen
   * @return the address peers can connect to
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when the address cannot be bound; the state is back to {@code IDLE}
   */
  public final TransportAddress startServer(TransportAddress address) {
    lock.lock();
    try {
      if (runstate != Runstate.IDLE) {
        throw stateError(Runstate.IDLE);
      }
      setState(Runstate.CONNECTING);
    } finally {
      lock.unlock();
    }
    TransportListener listener;
    try {
      listener = config.transports().provider(address).listen(address, config.transportOptions());
    } catch (IOException | RuntimeException e) {
      lock.lock();
      try {
        setState(Runstate.DISCONNECTING);
        setState(Runstate.IDLE);
      } finally {
        lock.unlock();
      }
      logger.debug("{}: {}", CONNECTION_PHASE, e.toString());
      throw new ConnectException(CONNECTION_PHASE, e);
    }
    lock.lock();
    try {
      if (runstate != Runstate.CONNECTING) {
        closeQuietly(listener);
        throw new CancellationException("disconnect() was called while starting the server");
      }
      server = listener;
      return listener.localAddress();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the address being listened on between {@link #startServer} and {@link #accept}. */
  public final Optional<TransportAddress> serverAddress() {
    lock.lock();
    try {
      TransportListener l = server;
      return l == null ? Optional.empty() : Optional.of(l.localAddress());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Accepts one peer and establishes a session, within the configured lifecycle timeout. The server
   * stops listening once a peer is accepted.
   *
   * @throws StateException when {@link #startServer} was not called, or an accept is running
   * @throws ConnectException when accepting or establishing fails or times out
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void accept() throws InterruptedException {
    accept(config.lifecycleTimeout());
  }

  /**
   * Accepts one peer and establishes a session. The server stops listening once a peer is accepted;
   * a timeout, like any failure, closes it and returns to {@code IDLE}.
   *
   * @param timeout how long to wait for a peer and the session together
   * @throws StateException when {@link #startServer} was not called, or an accept is running
   * @throws ConnectException when accepting or establishing fails or times out
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void accept(Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    Attempt a;
    TransportListener listener;
    lock.lock();
    try {
      TransportListener l = server;
      if (runstate != Runstate.CONNECTING || l == null || attempt != null) {
        throw stateError(Runstate.CONNECTING);
      }
      listener = l;
      a = new Attempt();
      a.resources.add(listener);
      attempt = a;
    } finally {
      lock.unlock();
    }
    startWorker(
        a,
        () -> {
          TransportConnection accepted = listener.accept();
          lock.lock();
          try {
            server = null;
          } finally {
            lock.unlock();
          }
          closeQuietly(listener); // one peer per session, as qemu.qmp does
          return accepted;
        });
    awaitAttempt(a, deadline);
  }

  /**
   * {@link #startServer(String)} then {@link #accept()}.
   *
   * @param address where to listen
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when listening, accepting or establishing fails or times out
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void startServerAndAccept(String address) throws InterruptedException {
    startServerAndAccept(TransportAddress.parse(address), config.lifecycleTimeout());
  }

  /**
   * {@link #startServer(TransportAddress)} then {@link #accept(Duration)}.
   *
   * @param address where to listen
   * @param timeout how long to wait for a peer and the session together
   * @throws StateException when not {@code IDLE}
   * @throws ConnectException when listening, accepting or establishing fails or times out
   * @throws InterruptedException when interrupted; the attempt is aborted
   */
  public final void startServerAndAccept(TransportAddress address, Duration timeout)
      throws InterruptedException {
    startServer(address);
    accept(timeout);
  }

  /**
   * Ends the session within the configured lifecycle timeout; see {@link #disconnect(Duration)}.
   *
   * @throws SessionException carrying the error that ended the session, once
   * @throws InterruptedException when interrupted while waiting for the loops to stop
   */
  public final void disconnect() throws InterruptedException {
    disconnect(config.lifecycleTimeout());
  }

  /**
   * Ends the session and returns to {@code IDLE}: flushes what was queued, stops both loops, closes
   * the connection, then throws the error that ended the session, if one did (once: the next call
   * returns quietly). Calling it while {@code IDLE} only passes through {@code DISCONNECTING};
   * while {@code CONNECTING} it cancels the attempt. Safe to call from any thread, also from {@link
   * #onMessage}.
   *
   * @param timeout how long flushing and stopping may take
   * @throws SessionException carrying the error that ended the session
   * @throws ProtocolTimeoutException when another thread's disconnect did not finish in time
   * @throws InterruptedException when interrupted while waiting
   */
  public final void disconnect(Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    Session s;
    lock.lock();
    try {
      if (runstate == Runstate.IDLE) {
        // As in qemu.qmp, a superfluous disconnect still passes through DISCONNECTING.
        setState(Runstate.DISCONNECTING);
        setState(Runstate.IDLE);
        return;
      }
      if (runstate == Runstate.CONNECTING) {
        cancelConnecting(deadline);
        return;
      }
      if (tearingDown) {
        while (runstate != Runstate.IDLE) {
          awaitChange(deadline, "another thread's disconnect()");
        }
        return;
      }
      Session current = session;
      if (current == null) {
        // DISCONNECTING without a session: a failed attempt is rolling back to IDLE.
        while (runstate != Runstate.IDLE) {
          awaitChange(deadline, "the failed connection attempt to roll back");
        }
        return;
      }
      s = current;
      tearingDown = true;
      setState(Runstate.DISCONNECTING);
    } finally {
      lock.unlock();
    }
    tearDown(s, deadline);
  }

  /** Under the lock, while CONNECTING: aborts the attempt or closes the idle server. */
  private void cancelConnecting(Deadline deadline) throws InterruptedException {
    Attempt a = attempt;
    if (a != null) {
      abort(a, new CancellationException("Cancelled by disconnect()"));
      while (runstate != Runstate.IDLE) {
        awaitChange(deadline, "the connection attempt to stop");
      }
      return;
    }
    TransportListener l = server;
    server = null;
    setState(Runstate.DISCONNECTING);
    if (l != null) {
      closeQuietly(l);
    }
    setState(Runstate.IDLE);
  }

  /**
   * Disconnects like {@link #disconnect()} but never throws the session's error: it is logged at
   * DEBUG. Restores the interrupt flag when interrupted.
   */
  @Override
  public void close() {
    try {
      disconnect();
    } catch (SessionException e) {
      logger.debug("Closed after: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // -------------------------------------------------------------------------- subclass API

  /**
   * Negotiates the session, before the loops start, on the thread that made the connection. The
   * default does nothing. Throwing fails the attempt with a {@link ConnectException} whose phase is
   * "Failed to establish session".
   *
   * @param handshake direct I/O on the new connection
   * @throws Exception when negotiation fails
   */
  protected void establishSession(Handshake<M> handshake) throws Exception {}

  /**
   * Handles one inbound message, on the reader thread, in arrival order. Throwing ends the session
   * with that error.
   *
   * @param message the message, after {@link #inbound}
   * @throws Exception to end the session
   */
  protected abstract void onMessage(M message) throws Exception;

  /**
   * Filters each inbound message; the default logs it at DEBUG as {@code <-- msg}.
   *
   * @param message the message as read
   * @return the message to handle
   */
  protected M inbound(M message) {
    if (logger.isDebugEnabled()) {
      logger.debug("<-- {}", message);
    }
    return message;
  }

  /**
   * Filters each outbound message right before it is written; the default logs it at DEBUG as
   * {@code --> msg}.
   *
   * @param message the message to send
   * @return the message to write
   */
  protected M outbound(M message) {
    if (logger.isDebugEnabled()) {
      logger.debug("--> {}", message);
    }
    return message;
  }

  /**
   * Called once when a running session ends, after the connection was closed: with the error that
   * ended it, or {@code null} for an orderly {@link #disconnect()} or an expected end of stream.
   * Runs on the reader thread or the disconnecting thread; must not block for long.
   *
   * @param error the error, or {@code null}
   */
  protected void onSessionEnd(@Nullable Throwable error) {}

  /**
   * Decides what the peer closing the connection means. The default is an error ({@link
   * EOFException}); return {@code null} when the close was expected (after QMP's {@code quit}).
   *
   * @return the error that ends the session, or {@code null}
   */
  protected @Nullable Throwable endOfStreamError() {
    return new EOFException("The peer closed the connection");
  }

  /**
   * Tells whether messages that {@link #onMessage} (or what it calls) sends on the background
   * reader thread are held until that thread has dispatched everything it already read, then
   * written with one write. The default is {@code false}: a subclass whose handlers may block after
   * sending (a peer simulating a slow command, say) must not hold back what they sent before. Asked
   * once per session.
   *
   * @return whether the background reader's sends are batched
   */
  protected boolean batchesReaderWrites() {
    return false;
  }

  /**
   * Sends a message on the running session.
   *
   * @param message the message
   * @throws DisconnectedException when no session is running
   */
  protected final void send(M message) {
    send(message, List.of());
  }

  /**
   * Sends a message with file descriptors attached to its own bytes.
   *
   * @param message the message
   * @param descriptors open descriptors; the caller keeps ownership
   * @throws DisconnectedException when no session is running
   * @throws ProtocolException when descriptors are given and the transport cannot pass them;
   *     nothing was sent
   */
  protected final void send(M message, List<FileDescriptor> descriptors) {
    Session s = session;
    if (s == null) {
      throw new DisconnectedException("Cannot send: " + displayName() + " is not running", null);
    }
    sendOn(s, message, descriptors);
  }

  /**
   * Sends a message only on the session that {@link #establishSession} was given as {@code
   * handshake}. Why: a caller that prepared a message for one session and was delayed must not put
   * it on the next session (after a reconnect), where nobody expects its reply and where a
   * non-idempotent command would run although its caller was told it failed.
   *
   * @param sessionOf the handshake of the session to send on
   * @param message the message
   * @param descriptors open descriptors; the caller keeps ownership
   * @throws DisconnectedException when that session is not the running one (any more)
   * @throws ProtocolException when descriptors are given and the transport cannot pass them;
   *     nothing was sent
   */
  protected final void send(Handshake<M> sessionOf, M message, List<FileDescriptor> descriptors) {
    Session s = session;
    if (s == null || s != sessionOf) {
      throw new DisconnectedException(
          "Cannot send: the session it was meant for has ended (" + displayName() + ")", null);
    }
    sendOn(s, message, descriptors);
  }

  private void sendOn(Session s, M message, List<FileDescriptor> descriptors) {
    if (!descriptors.isEmpty() && s.fdPassing == null) {
      throw new ProtocolException(
          "The transport of " + s.connection.description() + " cannot pass file descriptors");
    }
    s.outbound.send(message, descriptors);
  }

  /** Tells whether the running session's transport can pass file descriptors. */
  protected final boolean canPassDescriptors() {
    Session s = session;
    return s != null && s.fdPassing != null;
  }

  /**
   * Takes the file descriptors received so far on the running session; the caller owns them.
   *
   * @return the descriptors in arrival order, empty when none or when the transport cannot pass
   *     them
   */
  protected final List<FileDescriptor> takeReceivedDescriptors() {
    Session s = session;
    return s == null || s.fdPassing == null ? List.of() : s.fdPassing.takeReceived();
  }

  // ------------------------------------------------------------------------------ attempts

  /** A connect or accept in progress; guarded by {@code lock}. */
  private static final class Attempt {
    final List<Closeable> resources = new ArrayList<>();
    @Nullable TransportAddress address;
    @Nullable Thread worker;
    String phase = CONNECTION_PHASE;
    @Nullable Throwable abortReason;
    @Nullable Throwable failure;
    boolean succeeded;

    boolean done() {
      return succeeded || failure != null;
    }
  }

  @FunctionalInterface
  private interface ConnectionSource {
    TransportConnection open() throws Exception;
  }

  private void startWorker(Attempt a, ConnectionSource source) {
    Thread worker = config.threadFactory().newThread(() -> runAttempt(a, source));
    worker.setName("qmp4j-reader" + (name() == null ? "" : "-" + name()));
    lock.lock();
    try {
      a.worker = worker;
    } finally {
      lock.unlock();
    }
    worker.start();
  }

  /** The worker: connects, negotiates, publishes the session, then becomes the reader loop. */
  private void runAttempt(Attempt a, ConnectionSource source) {
    @Nullable TransportConnection connection = null;
    Session s;
    try {
      connection = source.open();
      track(a, connection);
      lock.lock();
      try {
        a.phase = SESSION_PHASE;
      } finally {
        lock.unlock();
      }
      s = new Session(connection, a.address);
      establishSession(s);
      lock.lock();
      try {
        if (a.abortReason != null) {
          throw new IOException("aborted");
        }
        a.resources.clear();
        a.succeeded = true;
        attempt = null;
        session = s;
        setState(Runstate.RUNNING);
      } finally {
        lock.unlock();
      }
    } catch (Throwable t) {
      lock.lock();
      try {
        a.failure = a.abortReason != null ? a.abortReason : t;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (connection != null) {
        closeQuietly(connection);
      }
      return;
    }
    Thread.interrupted(); // an abort that lost the race must not disturb the loop
    readLoop(s);
  }

  private void track(Attempt a, Closeable resource) throws IOException {
    lock.lock();
    try {
      if (a.abortReason == null) {
        a.resources.add(resource);
        return;
      }
    } finally {
      lock.unlock();
    }
    closeQuietly(resource);
    throw new IOException("aborted");
  }

  /** Under the lock: stops an attempt by closing what it holds and interrupting its worker. */
  private void abort(Attempt a, Throwable reason) {
    if (a.done() || a.abortReason != null) {
      return;
    }
    a.abortReason = reason;
    changed.signalAll();
    for (Closeable c : a.resources) {
      closeQuietly(c);
    }
    Thread worker = a.worker;
    if (worker != null) {
      worker.interrupt();
    }
  }

  /** The caller's side of an attempt: waits for the worker, or aborts it and rolls back. */
  private void awaitAttempt(Attempt a, Deadline deadline) throws InterruptedException {
    boolean interrupted = false;
    lock.lock();
    try {
      // An abort by disconnect() ends the wait too: the worker may be stuck in a connect that
      // only its own timeout ends, and rollBack does not wait for it for long.
      while (!a.done() && a.abortReason == null) {
        long left = deadline.remainingNanos();
        if (left <= 0) {
          abort(a, new TimeoutException("Timed out after " + deadline.timeout()));
          break;
        }
        try {
          changed.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          abort(a, e);
          interrupted = true;
          break;
        }
      }
      if (a.succeeded) {
        return;
      }
      setState(Runstate.DISCONNECTING);
    } finally {
      lock.unlock();
    }
    rollBack(a, interrupted);
  }

  private void rollBack(Attempt a, boolean interrupted) throws InterruptedException {
    Thread worker;
    lock.lock();
    try {
      worker = a.worker;
    } finally {
      lock.unlock();
    }
    if (worker != null && worker != Thread.currentThread()) {
      try {
        worker.join(JOIN_GRACE_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (worker.isAlive()) {
        logger.warn("{} did not stop within {} ms", worker.getName(), JOIN_GRACE_MILLIS);
      }
    }
    Throwable cause;
    String phase;
    lock.lock();
    try {
      cause = a.abortReason != null ? a.abortReason : a.failure;
      phase = a.phase;
      attempt = null;
      server = null;
      setState(Runstate.IDLE);
    } finally {
      lock.unlock();
    }
    if (interrupted || cause instanceof InterruptedException) {
      throw new InterruptedException(phase + ": interrupted");
    }
    if (cause instanceof CancellationException cancelled) {
      throw cancelled;
    }
    Throwable root = cause != null ? cause : new IllegalStateException("attempt failed");
    logger.debug("{}: {}", phase, root.toString());
    throw new ConnectException(phase, root);
  }

  // ------------------------------------------------------------------------------ sessions

  /** A running connection: the reader, the outbound side, and whether it has ended. */
  private final class Session implements Handshake<M> {
    final TransportConnection connection;
    final @Nullable TransportAddress address;
    final @Nullable FileDescriptorPassing fdPassing;
    final MessageReader<M> reader;
    final MessageWriter<M> writer;
    final Outbound<M> outbound;
    final Thread readerThread = Thread.currentThread();
    final ReentrantLock readLock = new ReentrantLock();
    final ReadTurns turns = new ReadTurns(config.readHandoffGrace().toNanos());
    final @Nullable ReadTimeouts readTimeouts;
    final boolean callerReads;
    final boolean batchesReaderWrites = batchesReaderWrites();
    long readTimeoutMillis; // guarded by readLock
    boolean ended; // guarded by lock

    Session(TransportConnection connection, @Nullable TransportAddress address) throws IOException {
      this.connection = connection;
      this.address = address;
      this.fdPassing = connection.capability(FileDescriptorPassing.class).orElse(null);
      this.writer = codec.newWriter(connection.output());
      this.readTimeouts = connection.capability(ReadTimeouts.class).orElse(null);
      String suffix = name() == null ? "" : "-" + name();
      this.outbound =
          new Outbound<>(
              writer,
              fdPassing,
              AsyncProtocol.this::outbound,
              error -> sessionFailed(this, error),
              config.threadFactory(),
              "qmp4j-writer" + suffix);
      InputStream input = connection.input();
      this.reader =
          codec.newReader(batchesReaderWrites ? new FlushBeforeRead(input, outbound) : input);
      this.callerReads =
          readTimeouts != null
              && reader.resumesAfterTimeout()
              && !config.readHandoffGrace().isZero();
    }

    @Override
    public M receive() throws IOException {
      M message = reader.read();
      if (message == null) {
        throw new EOFException("The peer closed the connection");
      }
      return inbound(message);
    }

    @Override
    public void send(M message) throws IOException {
      writer.encode(outbound(message));
      writer.flush();
    }

    @Override
    public TransportConnection connection() {
      return connection;
    }

    @Override
    public Optional<TransportAddress> address() {
      return Optional.ofNullable(address);
    }
  }

  /**
   * The background reader: reads whenever no caller is reading for itself. It keeps the read lock
   * from one message to the next until a caller wants to read, so that with {@link
   * #batchesReaderWrites} what its handlers send is written once per read of the connection (see
   * {@link FlushBeforeRead}), not once per message.
   */
  private void readLoop(Session s) {
    while (s.turns.awaitBackgroundTurn()) {
      boolean alive = true;
      s.readLock.lock();
      if (s.batchesReaderWrites) {
        s.outbound.deferWritesOfThisThread();
      }
      try {
        // When a caller came while we waited for the lock, it reads: the loop does not start.
        while (alive && s.turns.backgroundMayRead()) {
          alive = readOne(s, 0);
        }
      } catch (InterruptedIOException e) {
        alive = false; // no timeout was set and nobody interrupts this thread but an abort
        sessionFailed(s, e);
      } finally {
        if (s.batchesReaderWrites) {
          s.outbound.stopDeferring();
        }
        s.readLock.unlock();
        s.turns.advanced(); // also after "not my turn": a waiting caller must retry the lock
      }
      if (!alive) {
        return;
      }
    }
  }

  /**
   * Reads and dispatches one message under the read lock. Returns false once the session has ended.
   * With a timeout (callers only), a read timeout or an interrupt propagates and leaves the session
   * intact: the reader resumes the message later.
   */
  private boolean readOne(Session s, long timeoutMillis) throws InterruptedIOException {
    try {
      ReadTimeouts timeouts = s.readTimeouts;
      if (timeouts != null && s.readTimeoutMillis != timeoutMillis) {
        timeouts.setReadTimeout(Duration.ofMillis(timeoutMillis));
        s.readTimeoutMillis = timeoutMillis;
      }
      M message = s.reader.read();
      if (message == null) {
        sessionFailed(s, endOfStreamError());
        return false;
      }
      onMessage(inbound(message));
      return true;
    } catch (InterruptedIOException e) {
      if (timeoutMillis > 0) {
        throw e;
      }
      sessionFailed(s, e);
      return false;
    } catch (Throwable t) {
      sessionFailed(s, t);
      return false;
    }
  }

  /**
   * Waits until {@code future} is done, reading the socket on this thread while no other thread
   * reads, so that the reply reaches its caller without a hand-off between threads. Messages read
   * here are dispatched to {@link #onMessage} exactly as on the reader thread. Falls back to a
   * plain wait where the transport cannot time out reads or the codec cannot resume after a
   * timeout.
   *
   * @param future completed by {@link #onMessage} (or failed by {@link #onSessionEnd})
   * @param timeout how long to wait
   * @return whether the future is done; false when the timeout passed first
   * @throws InterruptedException when interrupted while waiting; the session is not disturbed
   */
  protected final boolean awaitCompletion(CompletableFuture<?> future, Duration timeout)
      throws InterruptedException {
    Session current = session;
    // Non-null when this caller may read: the transport and codec allow it, and it is not the
    // reader thread itself (a handler waiting on a reply would wait for itself).
    Session s =
        current != null && current.callerReads && Thread.currentThread() != current.readerThread
            ? current
            : null;
    if (future.isDone()) {
      if (s != null) {
        s.turns.touch();
      }
      return true;
    }
    Deadline deadline = Deadline.after(timeout);
    if (s != null) {
      s.turns.enter();
      try {
        while (!future.isDone()) {
          long seen = s.turns.generation();
          if (s.readLock.tryLock()) {
            boolean alive;
            try {
              if (future.isDone()) {
                break;
              }
              long left = deadline.remainingNanos();
              if (left <= 0) {
                return false;
              }
              alive = readOne(s, readTimeoutMillis(left));
            } catch (SocketTimeoutException e) {
              continue; // the loop checks the deadline
            } catch (InterruptedIOException e) {
              Thread.interrupted(); // InterruptedException carries the interrupt: clear the flag
              throw new InterruptedException("Interrupted while reading a reply");
            } finally {
              s.readLock.unlock();
              s.turns.advanced(); // on every path out: a caller waiting for the lock must retry
            }
            if (!alive) {
              break;
            }
          } else if (!s.turns.awaitProgress(seen, deadline)) {
            return future.isDone();
          }
        }
      } finally {
        s.turns.exit();
      }
    } else if (current != null) {
      // A handler on the background reader waiting for something: what it sent before must go
      // out now, not once it returns (a no-op on any other thread).
      current.outbound.flushDeferred();
    }
    return awaitPlainly(future, deadline);
  }

  /**
   * Rounds a caller's read timeout up to 10 ms steps: callers with the same timeout then share one
   * value, and the transport is not reconfigured before every read.
   */
  private static long readTimeoutMillis(long nanos) {
    long step = 10;
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
    return ((millis + step - 1) / step) * step;
  }

  private static boolean awaitPlainly(CompletableFuture<?> future, Deadline deadline)
      throws InterruptedException {
    try {
      future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | CancellationException e) {
      return true; // done, exceptionally: the caller inspects the future
    } catch (TimeoutException e) {
      return future.isDone();
    }
    return true;
  }

  /**
   * Ends a session from inside: records the first error, stops sending, closes the connection and
   * tells the subclass, all before the state shows DISCONNECTING, so that an observer of that state
   * finds pending work already failed.
   */
  private void sessionFailed(Session s, @Nullable Throwable error) {
    lock.lock();
    try {
      if (s.ended) {
        return; // an orderly disconnect closed the connection under the loops
      }
      s.ended = true;
      if (sessionError == null) {
        sessionError = error;
      }
    } finally {
      lock.unlock();
    }
    if (error == null || error instanceof EOFException) {
      logger.debug("Session ended: {}", error == null ? "end of stream" : error.toString());
    } else {
      logger.warn("Session ended by error: {}", error.toString());
    }
    s.outbound.abandon(error);
    closeQuietly(s.connection);
    s.turns.close();
    notifySessionEnd(error);
    lock.lock();
    try {
      if (runstate == Runstate.RUNNING) {
        setState(Runstate.DISCONNECTING);
      }
    } finally {
      lock.unlock();
    }
  }

  private void tearDown(Session s, Deadline deadline) throws InterruptedException {
    boolean alreadyEnded;
    lock.lock();
    try {
      alreadyEnded = s.ended;
      s.ended = true;
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    try {
      if (!alreadyEnded && !s.outbound.closeAndFlush(deadline)) {
        logger.warn("Timed out flushing outbound messages; dropping the rest");
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    s.outbound.abandon(null);
    closeQuietly(s.connection);
    s.turns.close();
    interrupted |= join(s.readerThread, deadline);
    Thread writer = s.outbound.writerThread();
    if (writer != null) {
      interrupted |= join(writer, deadline);
    }
    if (!alreadyEnded) {
      notifySessionEnd(null);
    }
    Throwable error;
    lock.lock();
    try {
      error = sessionError;
      sessionError = null;
      session = null;
      tearingDown = false;
      setState(Runstate.IDLE);
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      throw new InterruptedException("Interrupted while disconnecting");
    }
    if (error != null) {
      throw new SessionException(error);
    }
  }

  /** Joins a loop thread unless it is the caller; returns whether the caller was interrupted. */
  private boolean join(Thread thread, Deadline deadline) {
    if (thread == Thread.currentThread()) {
      return false;
    }
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline.remainingNanos())));
    } catch (InterruptedException e) {
      return true;
    }
    if (thread.isAlive()) {
      logger.warn("{} did not stop in time", thread.getName());
    }
    return false;
  }

  private void notifySessionEnd(@Nullable Throwable error) {
    try {
      onSessionEnd(error);
    } catch (RuntimeException e) {
      logger.warn("onSessionEnd failed", e);
    }
  }

  private void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      logger.debug("Closing {} failed: {}", c, e.toString());
    }
  }

  /** Returns {@code <Class name='NAME' runstate=STATE>}, as {@code qemu.qmp}'s repr. */
  @Override
  public String toString() {
    String name = config.name();
    return "<"
        + getClass().getSimpleName()
        + (name == null ? "" : " name='" + name + "'")
        + " runstate="
        + runstate
        + ">";
  }
}
