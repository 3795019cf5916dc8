package io.github.qmp4j.protocol.conformance;

import io.github.qmp4j.protocol.AsyncProtocol;
import io.github.qmp4j.protocol.Handshake;
import io.github.qmp4j.protocol.ProtocolConfig;
import java.io.FileDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A minimal protocol over {@link LineCodec} for tests: an optional greeting line, messages queued
 * for the test to take, and {@code echo X} answered with {@code X}.
 */
public class LineProtocol extends AsyncProtocol<String> {
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final @Nullable String greeting;
  private final boolean expectGreeting;
  private volatile @Nullable Throwable endedWith;
  private volatile boolean ended;
  private volatile @Nullable Handshake<String> lastSession;

  /**
   * Creates the protocol.
   *
   * @param config the engine settings
   * @param greeting a line to send when a session starts, or {@code null}
   * @param expectGreeting whether to read one line before the session counts as established
   */
  public LineProtocol(ProtocolConfig config, @Nullable String greeting, boolean expectGreeting) {
    super(new LineCodec(), config);
    this.greeting = greeting;
    this.expectGreeting = expectGreeting;
  }

  /** Creates a protocol named {@code name} without greetings. */
  public LineProtocol(String name) {
    this(ProtocolConfig.builder().name(name).build(), null, false);
  }

  @Override
  protected void establishSession(Handshake<String> handshake) throws Exception {
    lastSession = handshake;
    if (greeting != null) {
      handshake.send(greeting);
    }
    if (expectGreeting) {
      received.add(handshake.receive());
    }
  }

  @Override
  protected void onMessage(String message) {
    if (message.startsWith("echo ")) {
      send(message.substring(5));
    } else if (message.equals("throw")) {
      throw new IllegalStateException("handler failed on purpose");
    } else {
      received.add(message);
    }
  }

  @Override
  protected void onSessionEnd(@Nullable Throwable error) {
    endedWith = error;
    ended = true;
  }

  /** Sends a line. */
  public void sendLine(String line) {
    send(line);
  }

  /** Sends a line with descriptors. */
  public void sendLine(String line, List<FileDescriptor> fds) {
    send(line, fds);
  }

  /** Returns the handshake of the last session established: it stands for that session. */
  public @Nullable Handshake<String> lastSession() {
    return lastSession;
  }

  /** Sends a line only on the session that {@code session} established. */
  public void sendLineOn(Handshake<String> session, String line) {
    send(session, line, List.of());
  }

  /** Returns the descriptors received so far. */
  public List<FileDescriptor> received() {
    return takeReceivedDescriptors();
  }

  /** Takes the next line that was not an echo request, or fails after the timeout. */
  public String take(Duration timeout) throws InterruptedException {
    String line = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no line within " + timeout);
    }
    return line;
  }

  /** Tells whether onSessionEnd ran. */
  public boolean ended() {
    return ended;
  }

  /** Returns what onSessionEnd got. */
  public @Nullable Throwable endedWith() {
    return endedWith;
  }
}
