package io.github.qmp4j.protocol.transport;

/**
 * A typed key for a transport setting, declared by the transport that reads it (for example the TLS
 * transport's trust material). Keys compare by identity.
 *
 * @param <T> the value type
 */
public final class TransportOption<T> {
  private final String name;
  private final Class<T> type;

  private TransportOption(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  /**
   * Declares a key.
   *
   * @param name a dotted name for messages, e.g. {@code tls.trustAll}
   * @param type the value type
   * @param <T> the value type
   * @return the new key
   */
  public static <T> TransportOption<T> of(String name, Class<T> type) {
    return new TransportOption<>(name, type);
  }

  /** Returns the key's name. */
  public String name() {
    return name;
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
