package io.github.qmp4j.protocol;

import io.github.qmp4j.protocol.transport.TransportOptions;
import io.github.qmp4j.protocol.transport.TransportRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link AsyncProtocol}: its name, threads, transports and the default timeout of
 * lifecycle calls. Immutable; build with {@link #builder()}.
 */
public final class ProtocolConfig {
  /** The default timeout of {@code connect}, {@code accept} and {@code disconnect}: 30 s. */
  public static final Duration DEFAULT_LIFECYCLE_TIMEOUT = Duration.ofSeconds(30);

  /** The default {@link Builder#readHandoffGrace(Duration)}: 1 ms. */
  public static final Duration DEFAULT_READ_HANDOFF_GRACE = Duration.ofMillis(1);

  private final @Nullable String name;
  private final ThreadFactory threadFactory;
  private final TransportRegistry transports;
  private final TransportOptions transportOptions;
  private final Duration lifecycleTimeout;
  private final Duration readHandoffGrace;

  private ProtocolConfig(Builder b) {
    this.name = b.name;
    this.threadFactory = b.threadFactory;
    this.transports = b.transports;
    this.transportOptions = b.transportOptions;
    this.lifecycleTimeout = b.lifecycleTimeout;
    this.readHandoffGrace = b.readHandoffGrace;
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the defaults: no name, daemon platform threads (virtual ones under the system property
   * {@code qmp4j.threads=virtual} on Java 21+), the default registry, 30 s.
   */
  public static ProtocolConfig defaults() {
    return builder().build();
  }

  /** Returns the name used in logs, thread names and {@code toString()}, or {@code null}. */
  public @Nullable String name() {
    return name;
  }

  /** Returns the factory of the reader and writer threads. */
  public ThreadFactory threadFactory() {
    return threadFactory;
  }

  /** Returns where transports are looked up by scheme. */
  public TransportRegistry transports() {
    return transports;
  }

  /** Returns the settings handed to every transport. */
  public TransportOptions transportOptions() {
    return transportOptions;
  }

  /** Returns the timeout of lifecycle calls made without an explicit one. */
  public Duration lifecycleTimeout() {
    return lifecycleTimeout;
  }

  /**
   * Returns how long the background reader leaves the socket to blocked callers after the last one
   * stopped waiting; zero means callers never read themselves. See {@link
   * Builder#readHandoffGrace(Duration)}.
   */
  public Duration readHandoffGrace() {
    return readHandoffGrace;
  }

  /** Builds a {@link ProtocolConfig}. */
  public static final class Builder {
    private @Nullable String name;
    private ThreadFactory threadFactory = DefaultThreads.choose();
    private TransportRegistry transports = TransportRegistry.getDefault();
    private TransportOptions transportOptions = TransportOptions.empty();
    private Duration lifecycleTimeout = DEFAULT_LIFECYCLE_TIMEOUT;
    private Duration readHandoffGrace = DEFAULT_READ_HANDOFF_GRACE;

    private Builder() {}

    /**
     * Names the protocol instance; the logger becomes {@code io.github.qmp4j.protocol.NAME}.
     *
     * @param name the name, or {@code null} for none
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the factory of the reader and writer threads (default: daemon platform threads, or
     * virtual threads under {@code -Dqmp4j.threads=virtual} on Java 21+). Passing {@code
     * Thread.ofVirtual().factory()} on Java 21+ also selects virtual threads.
     *
     * @param threadFactory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory);
      return this;
    }

    /**
     * Sets where transports are looked up (default: {@link TransportRegistry#getDefault()}).
     *
     * @param transports the registry
     * @return this builder
     */
    public Builder transports(TransportRegistry transports) {
      this.transports = Objects.requireNonNull(transports);
      return this;
    }

    /**
     * Sets the settings handed to every transport (TLS trust material, socket permissions, ...).
     *
     * @param options the options
     * @return this builder
     */
    public Builder transportOptions(TransportOptions options) {
      this.transportOptions = Objects.requireNonNull(options);
      return this;
    }

    /**
     * Sets the timeout of lifecycle calls made without one (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder lifecycleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.lifecycleTimeout = timeout;
      return this;
    }

    /**
     * Sets how long, after the last caller blocked in {@code AsyncProtocol.awaitCompletion} stopped
     * waiting, the background reader leaves the socket to callers (default 1 ms). While callers
     * wait they read their replies themselves, saving a thread wake-up per command; an event that
     * arrives when nobody waits is read at most this much later. Zero turns caller reads off.
     * Callers only read on transports with {@link io.github.qmp4j.protocol.transport.ReadTimeouts}
     * and codecs whose readers resume after a timeout.
     *
     * @param grace zero or a positive duration
     * @return this builder
     */
    public Builder readHandoffGrace(Duration grace) {
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative: " + grace);
      }
      this.readHandoffGrace = grace;
      return this;
    }

    /** Returns the configuration. */
    public ProtocolConfig build() {
      return new ProtocolConfig(this);
    }
  }
}
