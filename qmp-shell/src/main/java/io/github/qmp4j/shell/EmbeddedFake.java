package io.github.qmp4j.shell;

import io.github.qmp4j.fake.FakeQmpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The fake QEMU the tool talks to when it is given no address, so that every command works on a
 * machine without QEMU: started in-process on a {@code memory:} address (no socket), with a small
 * {@code query-qmp-schema} describing its built-in commands so that the shell can complete argument
 * names.
 */
final class EmbeddedFake {
  static final String NOTICE =
      "qmp4j: no -a ADDRESS and no QMP_SOCKET: using the embedded fake QEMU";

  private EmbeddedFake() {}

  /** Returns a fake with the built-ins and the schema, not yet started. */
  static FakeQmpServer create() {
    FakeQmpServer fake = new FakeQmpServer().recordCommands(false); // nobody takes them
    fake.on("query-qmp-schema").returnsJson(schema());
    return fake;
  }

  private static String schema() {
    try (InputStream in = EmbeddedFake.class.getResourceAsStream("embedded-fake-schema.json")) {
      if (in == null) {
        throw new IllegalStateException("embedded-fake-schema.json is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
