package io.github.qmp4j.shell;

import io.github.qmp4j.fake.FakeQmpServer;
import io.github.qmp4j.fake.FakeScript;
import io.github.qmp4j.protocol.transport.TransportAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qmp4j fake}: the fake QEMU as a server of its own, for tests in any language. */
@Command(
    name = "fake",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Run the fake QEMU as a server; print its address.",
    description = {
      "Run the fake QEMU standalone. It prints the address it listens on as the first line on"
          + " stdout, then serves QMP clients until interrupted (Ctrl-C, SIGTERM). Without a"
          + " script it answers query-status, query-version, query-commands, stop, cont, quit,"
          + " human-monitor-command (info version, info status) and the fd commands as QEMU 7.2"
          + " does; --script adds canned replies, errors, events and faults (see FakeScript).",
      ""
    },
    footer = {
      "%nExamples:",
      "  qmp4j fake                                   # prints e.g. tcp:127.0.0.1:40117",
      "  qmp4j fake --listen unix:/tmp/fake.sock --script replies.json",
      "",
      "Exit status: 0 when interrupted; 2 when the address cannot be bound, the script is"
          + " invalid, or for a usage error."
    })
final class FakeCommand implements Callable<Integer> {
  @CommandLine.ParentCommand @Nullable Qmp4jCommand top;

  @Option(
      names = "--listen",
      paramLabel = "ADDRESS",
      defaultValue = "tcp:127.0.0.1:0",
      description =
          "Where to listen (default: ${DEFAULT-VALUE}, a free loopback port). unix:/path makes"
              + " a socket only its owner can use; tls:host:port needs --tls-cert and --tls-key.")
  String listen = "tcp:127.0.0.1:0";

  @Option(names = "--script", paramLabel = "FILE", description = "A fake script in JSON.")
  @Nullable Path script;

  @Mixin TlsOptions tls = new TlsOptions();

  @Override
  public Integer call() throws InterruptedException {
    Qmp4jCommand root = top;
    if (root == null) {
      throw new IllegalStateException("fake runs as a subcommand of qmp4j");
    }
    // It may run for days and nobody takes its commands: keeping them would only grow the heap.
    FakeQmpServer fake = new FakeQmpServer().recordCommands(false);
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      Path file = script;
      if (file != null) {
        fake.script(FakeScript.load(file));
      }
      TransportAddress address = Target.parse(listen);
      if (address.scheme().equals("tls")) {
        fake.transportOptions(tls.server());
      } else if (tls.given()) {
        throw new IllegalArgumentException("--tls-* options need a tls:host:port address");
      }
      TransportAddress bound = fake.start(address.toString());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    fake.close();
                    stopped.countDown();
                  },
                  "qmp4j-fake-shutdown"));
      root.io.out.println(bound);
      root.io.out.flush();
      root.io.err.println(
          "qmp4j: fake QEMU " + fake.version() + " listening on " + bound + "; Ctrl-C stops it");
    } catch (RuntimeException | IOException e) {
      fake.close();
      return Failures.report(e, root.io.err, root.debug);
    }
    stopped.await();
    return ExitCodes.OK;
  }
}
