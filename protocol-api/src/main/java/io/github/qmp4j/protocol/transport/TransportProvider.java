package io.github.qmp4j.protocol.transport;

import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A transport plugin, found by {@link java.util.ServiceLoader} through {@link TransportRegistry}.
 * Register an implementation both with {@code provides io.github.qmp4j.protocol.transport.
 * TransportProvider with ...} in {@code module-info.java} and in {@code
 * META-INF/services/io.github.qmp4j.protocol.transport.TransportProvider}.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public abstract class TransportProvider {
  /** For subclasses. */
  protected TransportProvider() {}

  /** Returns the address scheme this transport serves, e.g. {@code unix}. Lower case. */
  public abstract String scheme();

  /**
   * Tells whether the transport can work here (its native parts load, ...). Unavailable providers
   * are skipped by the registry; {@link #unavailabilityCause()} says why.
   */
  public boolean isAvailable() {
    return true;
  }

  /** Returns why {@link #isAvailable()} is false, or {@code null}. */
  public @Nullable Throwable unavailabilityCause() {
    return null;
  }

  /**
   * Returns the priority among providers of the same scheme, 0 to 10; the highest wins. The default
   * is 5.
   */
  public int priority() {
    return 5;
  }

  /**
   * Connects to a peer.
   *
   * @param address the address, with this provider's scheme
   * @param options transport settings; unknown keys are ignored
   * @param timeout how long connecting may take
   * @return the connected stream
   * @throws IOException when the peer cannot be reached
   * @throws InterruptedException when interrupted while connecting
   */
  public abstract TransportConnection connect(
      TransportAddress address, TransportOptions options, Duration timeout)
      throws IOException, InterruptedException;

  /**
   * Starts listening.
   *
   * @param address where to listen, with this provider's scheme
   * @param options transport settings; unknown keys are ignored
   * @return the listener
   * @throws IOException when the address cannot be bound
   */
  public abstract TransportListener listen(TransportAddress address, TransportOptions options)
      throws IOException;

  @Override
  public String toString() {
    return getClass().getName() + "[" + scheme() + ", priority " + priority() + "]";
  }
}
