package io.github.qmp4j.protocol.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable transport settings handed to {@link TransportProvider#connect} and {@link
 * TransportProvider#listen}. Each transport reads the {@link TransportOption} keys it declares and
 * ignores the rest, so one set of options can serve any scheme.
 */
public final class TransportOptions {
  private static final TransportOptions EMPTY = new TransportOptions(new HashMap<>());

  private final Map<TransportOption<?>, Object> values;

  private TransportOptions(Map<TransportOption<?>, Object> values) {
    this.values = values;
  }

  /** Returns options with nothing set. */
  public static TransportOptions empty() {
    return EMPTY;
  }

  /**
   * Returns a copy with one more setting.
   *
   * @param key the setting
   * @param value its value
   * @param <T> the value type
   * @return the new options
   */
  public <T> TransportOptions with(TransportOption<T> key, T value) {
    Map<TransportOption<?>, Object> copy = new HashMap<>(values);
    copy.put(key, value);
    return new TransportOptions(copy);
  }

  /**
   * Returns a setting.
   *
   * @param key the setting
   * @param <T> the value type
   * @return its value, or empty when not set
   */
  public <T> Optional<T> get(TransportOption<T> key) {
    Object value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(key.cast(value));
  }

  /**
   * Returns a setting or a default.
   *
   * @param key the setting
   * @param fallback the value when not set
   * @param <T> the value type
   * @return the value
   */
  public <T> T get(TransportOption<T> key, T fallback) {
    return get(key).orElse(fallback);
  }

  @Override
  public String toString() {
    return "TransportOptions" + values.keySet();
  }
}
