package io.github.qmp4j.client;

import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.Handshake;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The commands of one session that wait for replies, keyed by id, plus the in-band window: with OOB
 * negotiated QEMU queues at most 8 in-band commands and stops reading past that, which would stall
 * {@code exec-oob} commands behind them on the wire, so further in-band commands wait here.
 *
 * <p>A call that timed out or was cancelled stays registered until its reply comes, so the late
 * reply is recognised (and dropped quietly) and its window slot is freed.
 *
 * <p>Deadlines of asynchronous calls: one sweep on the {@link SharedTimer} at the earliest pending
 * deadline fails the expired calls and schedules itself again, instead of a timer task scheduled
 * and cancelled per call (two timer-queue operations and a task per command). With one timeout for
 * all calls the sweep runs about once per timeout, not once per call. The expired calls are failed
 * on a thread of the client's own ({@code expiries}), not on the timer: stages run on completion
 * are user code, and one that blocks must not hold up the timeouts of every other client.
 */
final class CallRegistry {
  /** The key of the one id-less call; a reply's {@code get("id")} is never a MissingNode. */
  static final JsonNode NO_ID = MissingNode.getInstance();

  /** QEMU's QMP_REQ_QUEUE_LEN_MAX. */
  static final int IN_BAND_LIMIT = 8;

  private static final Message QUIT_REPLY = Message.parse("{\"return\":{}}");

  final boolean oob;

  /** The session these calls go out on; null for "no session". */
  final @Nullable Handshake<Message> session;

  private final ConcurrentHashMap<JsonNode, PendingCall<?>> pending = new ConcurrentHashMap<>();
  private volatile boolean ended;
  private volatile @Nullable Throwable endCause;
  private volatile boolean quitSent;

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<PendingCall<?>> waiting = new ArrayDeque<>();
  private int inFlight;

  private final Object sweepLock = new Object();
  private @Nullable ScheduledFuture<?> sweep; // guarded by sweepLock
  private long sweepAt; // when the scheduled sweep runs; guarded by sweepLock

  private final Executor expiries;

  CallRegistry(boolean oob, @Nullable Handshake<Message> session, Executor expiries) {
    this.oob = oob;
    this.session = session;
    this.expiries = expiries;
  }

  /** A registry for "no session": every registration fails. */
  static CallRegistry ended(@Nullable Throwable cause) {
    CallRegistry r = new CallRegistry(false, null, Runnable::run); // never sweeps
    r.ended = true;
    r.endCause = cause;
    return r;
  }

  boolean isEnded() {
    return ended;
  }

  @Nullable Throwable endCause() {
    return endCause;
  }

  boolean quitSent() {
    return quitSent;
  }

  /**
   * Registers a call before it is sent.
   *
   * @throws IllegalArgumentException when its id is in use by a pending call
   * @throws DisconnectedException when the session has ended
   */
  void register(PendingCall<?> call) {
    if (ended) {
      throw notRunning(call);
    }
    if (pending.putIfAbsent(call.key, call) != null) {
      throw new IllegalArgumentException(
          call.key.isMissingNode()
              ? "Another command without an id is pending; give this one an id"
              : "The id " + call.key + " is in use by a pending command");
    }
    if (call.quit) {
      quitSent = true; // before the bytes leave, so that a close racing the reply is expected
    }
    if (ended && pending.remove(call.key, call)) {
      throw notRunning(call);
    }
    long deadline = call.deadline();
    if (deadline != 0) {
      watch(deadline);
    }
  }

  /** Makes sure a sweep runs no later than {@code deadline}. */
  private void watch(long deadline) {
    synchronized (sweepLock) {
      if (ended || (sweep != null && deadline - sweepAt >= 0)) {
        return; // the common case: an earlier sweep is scheduled already
      }
      scheduleSweep(deadline);
    }
  }

  private void scheduleSweep(long at) {
    ScheduledFuture<?> old = sweep;
    if (old != null) {
      old.cancel(false);
    }
    sweepAt = at;
    sweep = SharedTimer.schedule(this::sweep, at - System.nanoTime());
  }

  /** On the timer: fails the calls whose deadline passed, then sweeps again at the next one. */
  private void sweep() {
    synchronized (sweepLock) {
      // From here on a call that registers schedules its own sweep; one this pass misses cannot
      // then go unwatched.
      sweep = null;
    }
    long now = System.nanoTime();
    long next = 0;
    List<PendingCall<?>> expired = new ArrayList<>();
    for (PendingCall<?> call : pending.values()) {
      long deadline = call.deadline();
      if (deadline == 0 || call.isDone()) {
        continue;
      }
      if (now - deadline >= 0) {
        expired.add(call);
      } else if (next == 0 || deadline - next < 0) {
        next = deadline;
      }
    }
    if (next != 0) {
      watch(next);
    }
    if (!expired.isEmpty()) {
      expiries.execute(() -> expired.forEach(PendingCall::expire));
    }
  }

  private DisconnectedException notRunning(PendingCall<?> call) {
    return new DisconnectedException(
        "Cannot send '" + call.name() + "': the QMP session is not running", endCause);
  }

  /** Whether the call may go on the wire now; if not, it waits for a window slot. */
  boolean admit(PendingCall<?> call) {
    if (!oob || !call.inBand) {
      return true;
    }
    lock.lock();
    try {
      if (inFlight < IN_BAND_LIMIT && waiting.isEmpty()) {
        inFlight++;
        return true;
      }
      waiting.add(call);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the call a reply is for, or returns null for an unknown id. */
  @Nullable PendingCall<?> remove(@Nullable JsonNode id) {
    return pending.remove(id == null ? NO_ID : id);
  }

  /** Forgets a call that could not be sent. */
  void forget(PendingCall<?> call) {
    pending.remove(call.key, call);
  }

  /**
   * A reply freed the call's window slot: returns the next waiting call to send, already admitted,
   * or null. Calls cancelled while they waited are dropped here and never sent.
   */
  @Nullable PendingCall<?> release(PendingCall<?> answered) {
    if (!oob || !answered.inBand) {
      return null;
    }
    lock.lock();
    try {
      inFlight--;
      while (!waiting.isEmpty()) {
        PendingCall<?> next = waiting.poll();
        if (next.isDone()) {
          pending.remove(next.key, next);
          continue;
        }
        inFlight++;
        return next;
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many in-band commands are on the wire (for tests). */
  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Tells whether a quit that was sent makes this end of the session expected. */
  boolean quitExplains(@Nullable Throwable error) {
    return quitSent && (error == null || error instanceof IOException);
  }

  /**
   * Ends the session's calls: a {@code quit} whose reply raced the close succeeds; every other call
   * fails with a {@link DisconnectedException} caused by the session's error.
   */
  void end(@Nullable Throwable error) {
    endCause = error;
    ended = true;
    synchronized (sweepLock) {
      ScheduledFuture<?> s = sweep;
      if (s != null) {
        s.cancel(false); // every call fails below: nothing is left to time out
        sweep = null;
      }
    }
    boolean quitOk = quitExplains(error);
    lock.lock();
    try {
      waiting.clear();
    } finally {
      lock.unlock();
    }
    for (PendingCall<?> call : pending.values()) {
      if (!pending.remove(call.key, call)) {
        continue;
      }
      if (call.quit && quitOk) {
        call.answer(QUIT_REPLY);
      } else {
        call.completeExceptionally(
            new DisconnectedException(
                "QMP command '" + call.name() + "' got no reply: the session ended", error));
      }
    }
  }
}
