package io.github.qmp4j.fake;

import io.github.qmp4j.fake.internal.DescriptorSource;
import io.github.qmp4j.fake.internal.Frame;
import io.github.qmp4j.fake.internal.WireCodec;
import io.github.qmp4j.protocol.AsyncProtocol;
import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Handshake;
import io.github.qmp4j.protocol.transport.FileDescriptorPassing;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client connection of the fake: the engine in accept mode. Sends the greeting while
 * establishing, then answers each request on the reader thread, or, once OOB is negotiated, in-band
 * requests in order on a pool thread so that {@code exec-oob} can overtake them.
 */
final class FakeSession extends AsyncProtocol<Frame> {
  private final ServerState server;
  private final int number;
  private final DescriptorSource descriptors;
  private final InbandQueue inband;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Object sendLock = new Object();
  private boolean negotiated; // guarded by sendLock
  private volatile boolean oobEnabled;
  private volatile boolean stalled;
  private volatile boolean quitting;
  private final @Nullable Consumer<Frame> detachedOutput;

  FakeSession(ServerState server, int number) {
    this(server, number, new DescriptorSource(), null);
  }

  private FakeSession(
      ServerState server,
      int number,
      DescriptorSource descriptors,
      @Nullable Consumer<Frame> detachedOutput) {
    super(
        new WireCodec(server.pretty(), descriptors, server.jsonLimits()),
        server.protocolConfig("fake-" + number));
    this.server = server;
    this.number = number;
    this.descriptors = descriptors;
    this.inband = new InbandQueue(server.pool());
    this.detachedOutput = detachedOutput;
  }

  /**
   * A session without a connection, for tests of the fake itself (its fuzz target): the caller
   * hands it frames through {@link #onMessage} on its own thread, and what it sends goes to {@code
   * output} at once, so that a request is dispatched exactly as on a connection but without a
   * thread hop. The server must be started (for its worker pool).
   */
  static FakeSession detached(ServerState server, int number, Consumer<Frame> output) {
    return new FakeSession(server, number, new DescriptorSource(), output);
  }

  /** Tells whether a {@code quit} was answered: the session reads nothing more. */
  boolean quitting() {
    return quitting;
  }

  int number() {
    return number;
  }

  /** The descriptors this session received and no command took yet; closed when it ends. */
  DescriptorSource descriptors() {
    return descriptors;
  }

  boolean oobEnabled() {
    return oobEnabled;
  }

  boolean negotiated() {
    synchronized (sendLock) {
      return negotiated;
    }
  }

  @Override
  protected void establishSession(Handshake<Frame> handshake) throws IOException {
    descriptors.bind(handshake.connection().capability(FileDescriptorPassing.class).orElse(null));
    handshake.send(new Frame.Message(server.greeting()));
  }

  @Override
  protected void onMessage(Frame frame) throws InterruptedException {
    if (stalled) {
      server.awaitClosing();
      return;
    }
    if (frame instanceof Frame.Request request && RequestShape.isOob(request.value())) {
      // Out-of-band runs at once on the reader, as on QEMU's I/O thread.
      server.dispatcher().handle(this, request, Execution.blocking());
      return;
    }
    Execution.Step answer =
        frame instanceof Frame.Request request
            ? execution -> server.dispatcher().handle(this, request, execution)
            : execution -> reply(Messages.error(Messages.GENERIC_ERROR, describe(frame), null));
    if (!oobEnabled) {
      answer.run(Execution.blocking()); // QEMU reads nothing more until it has answered
    } else if (inband.tryStartInline()) {
      Execution inline = Execution.inline();
      try {
        answer.run(inline);
      } finally {
        Runnable rest = inline.deferred();
        inband.finishInline(rest == null ? null : () -> runGuarded(unused -> rest.run()));
      }
    } else {
      inband.submit(() -> runGuarded(answer));
    }
  }

  private static String describe(Frame frame) {
    return frame instanceof Frame.ParseError error ? error.desc() : String.valueOf(frame);
  }

  /** Runs a pool task; a failure ends the session rather than the pool thread's loop. */
  private void runGuarded(Execution.Step answer) {
    try {
      answer.run(Execution.blocking());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      logger().warn("Failed to answer a request; closing the session", e);
      closeFromInside();
    }
  }

  @Override
  protected @Nullable Throwable endOfStreamError() {
    return quitting ? null : super.endOfStreamError();
  }

  @Override
  protected void onSessionEnd(@Nullable Throwable error) {
    inband.close();
    // QEMU closes the descriptors no command took when its client goes: so do we, whether they
    // wait in the in-band queue, were sent with another command, or arrived with half a message.
    descriptors.closeAll();
    ended.countDown();
    server.sessionEnded(this);
  }

  /** Waits until this session has ended or the server closes. */
  void awaitEnd() throws InterruptedException {
    while (!ended.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (server.closing()) {
        return;
      }
    }
  }

  /** Sends a reply (or any message); a client that has gone away is no error. */
  void reply(ObjectNode message) {
    trySend(new Frame.Message(message));
  }

  /** Writes bytes as they are. */
  void sendRaw(byte[] bytes) {
    trySend(new Frame.Raw(bytes));
  }

  private boolean trySend(Frame frame) {
    if (stalled) {
      return false; // a stalled QEMU never speaks again
    }
    Consumer<Frame> detached = detachedOutput;
    if (detached != null) {
      detached.accept(frame);
      return true;
    }
    try {
      send(frame);
      return true;
    } catch (DisconnectedException e) {
      logger().debug("Not sent, the session has ended: {}", frame);
      return false;
    }
  }

  /**
   * Sends the reply to {@code qmp_capabilities} and leaves negotiation mode in one step, so that no
   * event can slip in before the reply and none emitted after it is lost.
   */
  void completeNegotiation(ObjectNode reply, boolean oob) {
    synchronized (sendLock) {
      trySend(new Frame.Message(reply));
      oobEnabled = oob;
      negotiated = true;
    }
    server.negotiated(this);
  }

  /** Sends an event unless still negotiating (QEMU drops those) or stalled. */
  boolean deliverEvent(ObjectNode event) {
    synchronized (sendLock) {
      return negotiated && !stalled && trySend(new Frame.Message(event));
    }
  }

  /** Stops answering until the server closes; blocks the calling session thread till then. */
  void stall() throws InterruptedException {
    stalled = true;
    server.awaitClosing();
  }

  /** Marks the session stalled without blocking the caller (for a fault injected from outside). */
  void stallLater() {
    stalled = true;
  }

  /** Waits for a scripted delay; returns false when the server closed meanwhile. */
  boolean sleep(java.time.Duration delay) throws InterruptedException {
    return delay.isZero() || server.sleep(delay);
  }

  /** Ends the session after {@code quit}: the close that follows is expected. */
  void quit() {
    quitting = true;
    closeFromInside();
  }

  /** Closes the connection from a session thread, after flushing what was sent. */
  void closeFromInside() {
    inband.close(); // a reader blocked on a full queue must not block the disconnect
    close();
  }

  /** Closes from the server's side: releases a blocked reader first. */
  void shutDown() {
    inband.close();
    close();
    descriptors.closeAll(); // also when the session never ran, or its end did not come in time
  }
}
