package io.github.qmp4j.shell;

import io.github.qmp4j.client.EventFilter;
import io.github.qmp4j.client.EventListener;
import io.github.qmp4j.client.QmpEvent;
import io.github.qmp4j.protocol.DisconnectedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qmp4j events}: events as JSON lines until a count or a timeout. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Print QMP events as JSON lines until a count or a timeout.",
    description = {
      "Print QMP events as JSON lines, one per event, as QEMU sends them, until --count events"
          + " were printed or --timeout passed (without either: until interrupted or the"
          + " connection ends). Listening starts before the connection is made, so no event is"
          + " missed.",
      ""
    },
    footer = {
      "%nExamples:",
      "  qmp4j events -a /run/vm1/qmp.sock",
      "  qmp4j events -a tcp:127.0.0.1:4444 --name STOP --name RESUME --count 2 --timeout 1m",
      "",
      "Exit status: 0 when --count events were printed, or --timeout passed without --count;"
          + " 2 when --timeout passed before --count events came, when the connection failed or"
          + " ended, or for a usage error."
    })
final class EventsCommand implements Callable<Integer> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec = CommandSpec.create();

  @CommandLine.ParentCommand @Nullable Qmp4jCommand top;

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Only events with this name (repeatable), e.g. STOP.")
  List<String> names = new ArrayList<>();

  @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
  @Nullable Integer count;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "Stop after this long, connecting included.")
  @Nullable Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    Qmp4jCommand root = top;
    if (root == null) {
      throw new IllegalStateException("events runs as a subcommand of qmp4j");
    }
    Integer wanted = count;
    if (wanted != null && wanted < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    Duration limit = timeout;
    long start = System.nanoTime();
    Duration connectTimeout =
        limit != null && limit.compareTo(CONNECT_TIMEOUT) < 0 ? limit : CONNECT_TIMEOUT;
    AtomicReference<@Nullable EventListener> listener = new AtomicReference<>();
    int printed = 0;
    try (Session session =
        Session.open(
            connection,
            root.io,
            connectTimeout,
            connectTimeout,
            c -> listener.set(c.listen(EventFilter.names(names))))) {
      EventListener events = listener.get();
      if (events == null) {
        throw new IllegalStateException("unreachable: no listener");
      }
      while (wanted == null || printed < wanted) {
        QmpEvent event;
        if (limit == null) {
          event = events.take();
        } else {
          long left = start + limit.toNanos() - System.nanoTime();
          event = left <= 0 ? null : events.poll(Duration.ofNanos(left));
          if (event == null) {
            break;
          }
        }
        root.io.out.println(event.message());
        root.io.out.flush();
        printed++;
      }
    } catch (DisconnectedException e) {
      root.io.err.println(
          "qmp4j: the connection ended after "
              + printed
              + " event(s): "
              + Failures.oneLine(Failures.describe(e)));
      return ExitCodes.FAILURE;
    } catch (RuntimeException | IOException e) {
      return Failures.report(e, root.io.err, root.debug);
    }
    if (wanted != null && printed < wanted && limit != null) {
      root.io.err.println(
          "qmp4j: timed out after "
              + Durations.format(limit)
              + ": received "
              + printed
              + " of "
              + wanted
              + " event(s)");
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}
