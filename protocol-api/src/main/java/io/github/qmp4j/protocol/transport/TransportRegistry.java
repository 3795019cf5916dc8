package io.github.qmp4j.protocol.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link TransportProvider} for an address scheme. The {@linkplain #getDefault() default
 * registry} holds every provider {@link ServiceLoader} finds; more can be {@linkplain
 * #register(TransportProvider) registered} by hand. Among available providers of one scheme the
 * highest {@link TransportProvider#priority()} wins; the latest registered wins a tie.
 */
public final class TransportRegistry {
  private static final Map<String, String> KNOWN_ARTIFACTS =
      Map.of(
          "tcp", "io.github.qmp4j:qmp-transport-tcp",
          "unix", "io.github.qmp4j:qmp-transport-unix",
          "tls", "io.github.qmp4j:qmp-transport-tls",
          "memory", "io.github.qmp4j:qmp-protocol-api");

  private static final class DefaultHolder {
    static final TransportRegistry INSTANCE = loadDefault();
  }

  private final List<TransportProvider> providers = new CopyOnWriteArrayList<>();

  /** Creates an empty registry; see {@link #getDefault()} for the discovered one. */
  public TransportRegistry() {}

  /** Returns the shared registry holding every provider found by {@link ServiceLoader}. */
  public static TransportRegistry getDefault() {
    return DefaultHolder.INSTANCE;
  }

  private static TransportRegistry loadDefault() {
    return load(TransportRegistry.class.getClassLoader());
  }

  /**
   * Creates a registry of every provider that {@link ServiceLoader} finds through a class loader,
   * for applications that load transport plugins from their own class loaders. A provider that
   * fails to load is skipped with a warning.
   *
   * @param classLoader where to look for {@code META-INF/services} registrations
   * @return a new registry
   */
  public static TransportRegistry load(ClassLoader classLoader) {
    TransportRegistry registry = new TransportRegistry();
    ServiceLoader<TransportProvider> loader =
        ServiceLoader.load(TransportProvider.class, classLoader);
    for (var iterator = loader.iterator(); ; ) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        registry.register(iterator.next());
      } catch (ServiceConfigurationError e) {
        // A broken plugin must not hide the working ones; it shows up as "not found" instead.
        System.getLogger(TransportRegistry.class.getName())
            .log(
                System.Logger.Level.WARNING, "Skipping a transport provider that fails to load", e);
      }
    }
    return registry;
  }

  /**
   * Adds a provider, whether or not it is available.
   *
   * @param provider the provider
   */
  public void register(TransportProvider provider) {
    providers.add(provider);
  }

  /**
   * Removes a provider added earlier.
   *
   * @param provider the provider
   */
  public void deregister(TransportProvider provider) {
    providers.remove(provider);
  }

  /** Returns the available providers, highest priority first. */
  public List<TransportProvider> providers() {
    List<TransportProvider> available = new ArrayList<>();
    for (TransportProvider p : providers) {
      if (p.isAvailable()) {
        available.add(p);
      }
    }
    List<TransportProvider> ordered = new ArrayList<>(available);
    // Later registrations win ties, so a hand-registered provider overrides a discovered one.
    java.util.Collections.reverse(ordered);
    ordered.sort(Comparator.comparingInt(TransportProvider::priority).reversed());
    return List.copyOf(ordered);
  }

  /**
   * Returns the provider for a scheme.
   *
   * @param scheme the scheme, e.g. {@code unix}
   * @return the available provider with the highest priority
   * @throws TransportNotFoundException when no available provider serves the scheme; the message
   *     names the artifact to add, and the cause says why a provider found is unavailable
   */
  public TransportProvider provider(String scheme) {
    String wanted = scheme.toLowerCase(Locale.ROOT);
    for (TransportProvider p : providers()) {
      if (p.scheme().equals(wanted)) {
        return p;
      }
    }
    @Nullable Throwable cause = null;
    for (TransportProvider p : providers) {
      if (p.scheme().equals(wanted)) {
        cause = p.unavailabilityCause();
        String why = cause == null ? "" : ": " + cause.getMessage();
        throw new TransportNotFoundException(
            wanted, "The '" + wanted + "' transport is not available here" + why, cause);
      }
    }
    String artifact = KNOWN_ARTIFACTS.get(wanted);
    String hint =
        artifact != null
            ? "add " + artifact + " to the class path or module path"
            : "add a jar that provides io.github.qmp4j.protocol.transport.TransportProvider for '"
                + wanted
                + "'";
    throw new TransportNotFoundException(
        wanted, "No transport for scheme '" + wanted + "': " + hint, null);
  }

  /**
   * Returns the provider for an address's scheme.
   *
   * @param address the address
   * @return the provider
   * @throws TransportNotFoundException as {@link #provider(String)}
   */
  public TransportProvider provider(TransportAddress address) {
    return provider(address.scheme());
  }
}
