package io.github.qmp4j.client;

import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Configures a {@link QmpClient}. Every setting has a default; {@link #build()} may be called more
 * than once. Setters throw {@link IllegalArgumentException} for values out of range.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>Setting</th><th>Default</th></tr>
 *   <tr><td>{@link #connectTimeout}</td><td>30 s (connect, greeting and negotiation together;
 *       also {@code disconnect})</td></tr>
 *   <tr><td>{@link #greetingTimeout}</td><td>10 s</td></tr>
 *   <tr><td>{@link #negotiationTimeout}</td><td>10 s</td></tr>
 *   <tr><td>{@link #commandTimeout}</td><td>60 s</td></tr>
 *   <tr><td>{@link #maxMessageSize}</td><td>10 MiB</td></tr>
 *   <tr><td>{@link #eventQueueCapacity}</td><td>4096 events per listener</td></tr>
 *   <tr><td>{@link #eventOverflowPolicy}</td><td>{@link OverflowPolicy#FAIL}</td></tr>
 *   <tr><td>{@link #awaitGreeting}, {@link #negotiate}, {@link #enableOob},
 *       {@link #redactSecrets}</td><td>true</td></tr>
 *   <tr><td>{@link #reconnect}</td><td>{@link ReconnectPolicy#none()}</td></tr>
 *   <tr><td>{@link #threadFactory}</td><td>daemon platform threads</td></tr>
 * </table>
 */
public final class QmpClientBuilder {
  /** The default timeout of connecting, greeting and negotiating together: 30 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = ProtocolConfig.DEFAULT_LIFECYCLE_TIMEOUT;

  /** The default time allowed for the greeting after the connection is made: 10 s. */
  public static final Duration DEFAULT_GREETING_TIMEOUT = Duration.ofSeconds(10);

  /** The default time allowed for {@code qmp_capabilities}: 10 s. */
  public static final Duration DEFAULT_NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

  /** The default time allowed for a command's reply: 60 s. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** The default capacity of an event listener's queue: 4096. */
  public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 4096;

  private @Nullable String name;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration greetingTimeout = DEFAULT_GREETING_TIMEOUT;
  private Duration negotiationTimeout = DEFAULT_NEGOTIATION_TIMEOUT;
  private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
  private int maxMessageSize = QmpCodec.DEFAULT_MAX_MESSAGE_SIZE;
  private int eventQueueCapacity = DEFAULT_EVENT_QUEUE_CAPACITY;
  private OverflowPolicy eventOverflowPolicy = OverflowPolicy.FAIL;
  private @Nullable ThreadFactory threadFactory;
  private @Nullable TransportRegistry transports;
  private TransportOptions transportOptions = TransportOptions.empty();
  private boolean awaitGreeting = true;
  private boolean negotiate = true;
  private boolean enableOob = true;
  private boolean redactSecrets = true;
  private ReconnectPolicy reconnect = ReconnectPolicy.none();
  private JsonMapper jsonMapper = Json.MAPPER;

  QmpClientBuilder() {}

  /**
   * Names the client: logger {@code io.github.qmp4j.protocol.NAME}, thread names, messages.
   *
   * @param name the name, or {@code null}
   * @return this builder
   */
  public QmpClientBuilder name(@Nullable String name) {
    this.name = name;
    return this;
  }

  /**
   * Sets how long connecting, the greeting and negotiation may take together, and the timeout of
   * {@code disconnect()}.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public QmpClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout);
    return this;
  }

  /**
   * Sets how long the server may take to send its greeting once connected (a QEMU stopped with
   * SIGSTOP accepts connections but never greets).
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public QmpClientBuilder greetingTimeout(Duration timeout) {
    this.greetingTimeout = positive(timeout);
    return this;
  }

  /**
   * Sets how long {@code qmp_capabilities} may take.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public QmpClientBuilder negotiationTimeout(Duration timeout) {
    this.negotiationTimeout = positive(timeout);
    return this;
  }

  /**
   * Sets the default time a command waits for its reply; {@link QmpCommand#timeout} overrides it
   * per command.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public QmpClientBuilder commandTimeout(Duration timeout) {
    this.commandTimeout = positive(timeout);
    return this;
  }

  /**
   * Sets the largest message accepted from the server; a larger one ends the session with a {@link
   * io.github.qmp4j.protocol.codec.MessageTooLargeException}.
   *
   * @param bytes at least 1024
   * @return this builder
   */
  public QmpClientBuilder maxMessageSize(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("maxMessageSize must be at least 1024: " + bytes);
    }
    this.maxMessageSize = bytes;
    return this;
  }

  /**
   * Sets the default queue capacity of event listeners and subscriptions.
   *
   * @param capacity at least 1
   * @return this builder
   */
  public QmpClientBuilder eventQueueCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("eventQueueCapacity must be at least 1: " + capacity);
    }
    this.eventQueueCapacity = capacity;
    return this;
  }

  /**
   * Sets the default overflow policy of event listeners and subscriptions.
   *
   * @param policy the policy
   * @return this builder
   */
  public QmpClientBuilder eventOverflowPolicy(OverflowPolicy policy) {
    this.eventOverflowPolicy = Objects.requireNonNull(policy);
    return this;
  }

  /**
   * Sets the factory of every thread the client starts for itself (reader, writer, reconnect, event
   * callbacks). Timeouts run on one timer thread that all clients of the JVM share, which exists
   * only while something is scheduled.
   *
   * @param factory the factory
   * @return this builder
   */
  public QmpClientBuilder threadFactory(ThreadFactory factory) {
    this.threadFactory = Objects.requireNonNull(factory);
    return this;
  }

  /**
   * Sets where transports are looked up (default: the {@link java.util.ServiceLoader} registry).
   *
   * @param registry the registry
   * @return this builder
   */
  public QmpClientBuilder transports(TransportRegistry registry) {
    this.transports = Objects.requireNonNull(registry);
    return this;
  }

  /**
   * Sets transport settings such as TLS trust material.
   *
   * @param options the options
   * @return this builder
   */
  public QmpClientBuilder transportOptions(TransportOptions options) {
    this.transportOptions = Objects.requireNonNull(options);
    return this;
  }

  /**
   * Sets whether to read the greeting (false for the guest agent, which sends none).
   *
   * @param await whether to wait for the greeting
   * @return this builder
   */
  public QmpClientBuilder awaitGreeting(boolean await) {
    this.awaitGreeting = await;
    return this;
  }

  /**
   * Sets whether to send {@code qmp_capabilities} (false for the guest agent).
   *
   * @param negotiate whether to negotiate
   * @return this builder
   */
  public QmpClientBuilder negotiate(boolean negotiate) {
    this.negotiate = negotiate;
    return this;
  }

  /**
   * Sets whether to enable {@code oob} when the greeting offers it.
   *
   * @param enable whether to enable it
   * @return this builder
   */
  public QmpClientBuilder enableOob(boolean enable) {
    this.enableOob = enable;
    return this;
  }

  /**
   * Sets whether the DEBUG traffic log hides passwords and secret data (default true): the values
   * of password-like members ({@code password}, {@code *-password}, {@code passphrase}, ...), the
   * {@code data} of {@code secret} objects, and HMP lines that set passwords. Turning it off shows
   * the exact traffic at DEBUG only: log lines above DEBUG and exception messages always hide
   * secrets.
   *
   * @param redact whether to redact
   * @return this builder
   */
  public QmpClientBuilder redactSecrets(boolean redact) {
    this.redactSecrets = redact;
    return this;
  }

  /**
   * Sets whether and how to re-establish a session that ended by an error.
   *
   * @param policy the policy
   * @return this builder
   */
  public QmpClientBuilder reconnect(ReconnectPolicy policy) {
    this.reconnect = Objects.requireNonNull(policy);
    return this;
  }

  /**
   * Sets the mapper for command arguments and typed results (not for the wire format).
   *
   * @param mapper the mapper
   * @return this builder
   */
  public QmpClientBuilder jsonMapper(JsonMapper mapper) {
    this.jsonMapper = Objects.requireNonNull(mapper);
    return this;
  }

  /** Returns a new, idle client. */
  public QmpClient build() {
    return new QmpClient(new Settings(this));
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + d);
    }
    return d;
  }

  /** An immutable snapshot of the builder. */
  static final class Settings {
    final ProtocolConfig protocol;
    final Duration connectTimeout;
    final Duration greetingTimeout;
    final Duration negotiationTimeout;
    final Duration commandTimeout;
    final int maxMessageSize;
    final int eventQueueCapacity;
    final OverflowPolicy eventOverflowPolicy;
    final boolean awaitGreeting;
    final boolean negotiate;
    final boolean enableOob;
    final boolean redactSecrets;
    final ReconnectPolicy reconnect;
    final JsonMapper jsonMapper;

    Settings(QmpClientBuilder b) {
      ProtocolConfig.Builder p =
          ProtocolConfig.builder()
              .name(b.name)
              .lifecycleTimeout(b.connectTimeout)
              .transportOptions(b.transportOptions);
      if (b.threadFactory != null) {
        p.threadFactory(b.threadFactory);
      }
      if (b.transports != null) {
        p.transports(b.transports);
      }
      this.protocol = p.build();
      this.connectTimeout = b.connectTimeout;
      this.greetingTimeout = b.greetingTimeout;
      this.negotiationTimeout = b.negotiationTimeout;
      this.commandTimeout = b.commandTimeout;
      this.maxMessageSize = b.maxMessageSize;
      this.eventQueueCapacity = b.eventQueueCapacity;
      this.eventOverflowPolicy = b.eventOverflowPolicy;
      this.awaitGreeting = b.awaitGreeting;
      this.negotiate = b.negotiate;
      this.enableOob = b.enableOob;
      this.redactSecrets = b.redactSecrets;
      this.reconnect = b.reconnect;
      this.jsonMapper = b.jsonMapper;
    }
  }
}
