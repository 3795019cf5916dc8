package io.github.qmp4j.shell;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where to connect: {@code -a ADDRESS} and the TLS options, shared by exec, shell and events. */
final class ConnectionOptions {
  @Option(
      names = {"-a", "--address"},
      paramLabel = "ADDRESS",
      description =
          "unix:/path, tcp:host:port, tls:host:port, or a bare path or host:port. Default: the"
              + " QMP_SOCKET environment variable; without it, the embedded fake QEMU.")
  @Nullable String address;

  @Mixin TlsOptions tls = new TlsOptions();
}
