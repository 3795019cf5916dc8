package io.github.qmp4j.fake.junit;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.FakeScript;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, started {@link FakeQmpServer} and closes it after the test (failing the
 * test first when {@linkplain FakeQmpServer#strict(boolean) strict mode} saw unexpected commands).
 * Test methods (and {@code @BeforeEach} methods) may take the server and its {@link
 * TransportAddress} as parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeQmpServerExtension FAKE =
 *     FakeQmpServerExtension.builder()
 *         .listen("tcp:127.0.0.1:0")
 *         .configure(fake -> fake.on("system_reset").returns(Map.of()))
 *         .build();
 *
 * @Test
 * void resets(FakeQmpServer fake, TransportAddress address) throws Exception {
 *   new VmRestarter(address.toString()).restart();
 *   assertEquals("system_reset", fake.takeCommand(Duration.ofSeconds(5)).name());
 * }
 * }</pre>
 *
 * Register it in a static or an instance field; either way each test gets its own server.
 */
public final class FakeQmpServerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeQmpServerExtension.class);

  private final String listen;
  private final List<Consumer<FakeQmpServer>> configurers;
  private volatile @Nullable FakeQmpServer current;

  private FakeQmpServerExtension(Builder builder) {
    this.listen = builder.listen;
    this.configurers = List.copyOf(builder.configurers);
  }

  /** Returns a builder: {@code memory:*}, no script. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the current test's server.
   *
   * @throws IllegalStateException outside a test
   */
  public FakeQmpServer server() {
    FakeQmpServer s = current;
    if (s == null) {
      throw new IllegalStateException("No fake QMP server: not inside a test");
    }
    return s;
  }

  /** Returns the current test's server address. */
  public TransportAddress address() {
    return server().address();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    FakeQmpServer server = new FakeQmpServer();
    try {
      configurers.forEach(c -> c.accept(server));
      server.start(listen);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    current = server;
    context.getStore(NAMESPACE).put(FakeQmpServer.class, server);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeQmpServer server =
        context.getStore(NAMESPACE).remove(FakeQmpServer.class, FakeQmpServer.class);
    current = null;
    if (server == null) {
      return;
    }
    try {
      server.verify();
    } finally {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeQmpServer.class || type == TransportAddress.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FakeQmpServer server =
        context.getStore(NAMESPACE).get(FakeQmpServer.class, FakeQmpServer.class);
    if (server == null) {
      throw new IllegalStateException(
          "The fake QMP server exists only around test methods; inject it there");
    }
    return parameter.getParameter().getType() == FakeQmpServer.class ? server : server.address();
  }

  /** Configures a {@link FakeQmpServerExtension}. */
  public static final class Builder {
    private String listen = FakeQmpServer.DEFAULT_ADDRESS;
    private final List<Consumer<FakeQmpServer>> configurers = new ArrayList<>();

    private Builder() {}

    /**
     * Sets where each test's server listens (default {@code memory:*}).
     *
     * @param address e.g. {@code tcp:127.0.0.1:0} or {@code unix:/tmp/test-qmp.sock}
     * @return this builder
     */
    public Builder listen(String address) {
      this.listen = Objects.requireNonNull(address);
      return this;
    }

    /**
     * Adds a step run on each new server before it starts (scripting, settings).
     *
     * @param configurer e.g. {@code fake -> fake.strict(true)}
     * @return this builder
     */
    public Builder configure(Consumer<FakeQmpServer> configurer) {
      configurers.add(Objects.requireNonNull(configurer));
      return this;
    }

    /**
     * Applies a script file to each new server; the file is read once, now.
     *
     * @param file a fake script (see {@link FakeScript})
     * @return this builder
     * @throws UncheckedIOException when the file cannot be read
     * @throws io.github.qmp4j.fake.FakeScriptException when it is not a valid script
     */
    public Builder script(Path file) {
      try {
        FakeScript script = FakeScript.load(file);
        return configure(server -> server.script(script));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the fake script " + file, e);
      }
    }

    /** Returns the extension. */
    public FakeQmpServerExtension build() {
      return new FakeQmpServerExtension(this);
    }
  }
}
