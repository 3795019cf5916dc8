package io.github.qmp4j.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qmp4j.protocol.ProtocolConfig;
import io.github.qmp4j.protocol.Runstate;
import io.github.qmp4j.protocol.conformance.Background;
import io.github.qmp4j.protocol.conformance.Eventually;
import io.github.qmp4j.protocol.conformance.LineProtocol;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport written by a third party, outside qmp4j's modules: the example in
 * src/test/plugin-example is compiled here into its own directory, which holds nothing but the
 * class and its META-INF/services line. The registry finds it by scheme through a plain class
 * loader, and it carries a real engine session.
 */
class PluginTransportTest {
  private static final Path EXAMPLE = Path.of("src/test/plugin-example");

  private static ClassLoader compileExample(Path out) throws IOException, InterruptedException {
    List<String> sources;
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    List<String> command =
        Stream.concat(
                Stream.of(
                    javac, "-d", out.toString(), "-cp", System.getProperty("java.class.path")),
                sources.stream())
            .toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "javac failed: " + output);
    Path services = out.resolve("META-INF/services");
    Files.createDirectories(services);
    String registration = "io.github.qmp4j.protocol.transport.TransportProvider";
    Files.copy(
        EXAMPLE.resolve("META-INF/services/" + registration), services.resolve(registration));
    return new URLClassLoader(
        new URL[] {out.toUri().toURL()}, PluginTransportTest.class.getClassLoader());
  }

  @Test
  void pluginIsFoundBySchemeAndCarriesASession(@TempDir Path tmp) throws Exception {
    assertThrows(
        TransportNotFoundException.class, () -> TransportRegistry.getDefault().provider("jdkunix"));
    TransportRegistry registry = TransportRegistry.load(compileExample(tmp.resolve("classes")));
    TransportProvider plugin = registry.provider("jdkunix");
    assertEquals("com.example.qmp.JdkUnixTransportProvider", plugin.getClass().getName());

    ProtocolConfig.Builder config = ProtocolConfig.builder().transports(registry);
    LineProtocol server = new LineProtocol(config.name("plugin-server").build(), "hello", false);
    LineProtocol client = new LineProtocol(config.name("plugin-client").build(), null, true);
    Path socket = Files.createTempDirectory(Path.of("/tmp"), "qmp4j-plugin").resolve("s");
    Background.connectPair(server, client, "jdkunix:" + socket);
    assertEquals("hello", client.take(Duration.ofSeconds(10)), "greeting over the plugin");
    client.sendLine("echo " + "é".repeat(3));
    assertEquals("ééé", client.take(Duration.ofSeconds(10)));
    client.disconnect();
    server.close();
    assertEquals(Runstate.IDLE, server.runstate());
    Files.deleteIfExists(socket.getParent());
    Eventually.noEngineThreads();
  }
}
