/**
 * The {@code qmp4j} command-line tool: one-shot commands ({@code exec}), an interactive shell in
 * {@code qmp-shell} syntax ({@code shell}), an event tail ({@code events}) and the fake QEMU run
 * standalone ({@code fake}). Its only entry point is {@code io.github.qmp4j.shell.Main}; nothing
 * here is an API. Transports are found by {@link java.util.ServiceLoader}, so the runnable jar
 * carries all three.
 */
module io.github.qmp4j.shell {
  requires io.github.qmp4j.client;
  requires io.github.qmp4j.fake;
  requires io.github.qmp4j.transport.tls;
  requires info.picocli;
  requires org.jline;
  requires java.logging;
  requires static org.jspecify;

  // picocli reads the command classes' annotations and sets their fields reflectively.
  opens io.github.qmp4j.shell to
      info.picocli;

  uses io.github.qmp4j.protocol.transport.TransportProvider;
}
