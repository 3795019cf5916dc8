package io.github.qmp4j.fake;

import io.github.qmp4j.protocol.ConnectException;
import io.github.qmp4j.protocol.transport.TransportConnection;
import io.github.qmp4j.protocol.transport.TransportListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake's accept loop: each accepted connection becomes a {@link FakeSession} established over
 * it (the engine in accept mode, greeting sent); with one client at a time, the next connection is
 * accepted only once the current session has ended, as QEMU's monitor does.
 */
final class Acceptor implements Runnable {
  private static final Logger logger = LoggerFactory.getLogger(FakeQmpServer.class);

  private final ServerState state;
  private final TransportListener listener;
  private final AtomicInteger sessionNumbers;
  private final BooleanSupplier oneAtATime;

  Acceptor(
      ServerState state,
      TransportListener listener,
      AtomicInteger sessionNumbers,
      BooleanSupplier oneAtATime) {
    this.state = state;
    this.listener = listener;
    this.sessionNumbers = sessionNumbers;
    this.oneAtATime = oneAtATime;
  }

  @Override
  public void run() {
    TransportListener l = listener;
    while (!state.closing()) {
      TransportConnection connection;
      try {
        connection = l.accept();
      } catch (IOException e) {
        if (state.closing()) {
          return;
        }
        logger.warn("Accepting a client failed: {}", e.toString());
        if (!pause()) {
          return;
        }
        continue;
      } catch (InterruptedException e) {
        return;
      }
      serve(connection);
    }
  }

  /** Backs off after a failed accept; returns false when the server is closing. */
  private boolean pause() {
    try {
      return state.sleep(Duration.ofMillis(50));
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void serve(TransportConnection connection) {
    FakeSession session = new FakeSession(state, sessionNumbers.incrementAndGet());
    state.sessions.add(session);
    try {
      session.connect(connection, state.lifecycleTimeout);
    } catch (ConnectException e) {
      logger.debug("Client {} left before the greeting: {}", connection, e.toString());
      state.sessions.remove(session);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.close();
      return;
    }
    if (state.closing()) {
      session.shutDown(); // close() may have missed a session added at this very moment
      return;
    }
    if (oneAtATime.getAsBoolean()) {
      try {
        session.awaitEnd();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
