package io.github.qmp4j.benchmarks;

import io.github.qmp4j.client.EventFilter;
import io.github.qmp4j.client.EventListener;
import io.github.qmp4j.client.OverflowPolicy;
import io.github.qmp4j.client.QmpClient;
import io.github.qmp4j.client.QmpClientBuilder;
import io.github.qmp4j.client.QmpEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** qmp4j's client, as an application would use it. */
final class QmpSubject implements Subject {
  /** Big enough that a listener that falls behind for a moment loses nothing. */
  static final int EVENT_QUEUE_CAPACITY = 1 << 18;

  private final String name;
  private final String address;
  private final Supplier<QmpClientBuilder> builder;

  QmpSubject(String name, String address, Supplier<QmpClientBuilder> builder) {
    this.name = name;
    this.address = address;
    this.builder = builder;
  }

  QmpSubject(String name, String address) {
    this(name, address, QmpClient::builder);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean baseline() {
    return false;
  }

  @Override
  public Session open() throws Exception {
    QmpClient client = builder.get().eventQueueCapacity(EVENT_QUEUE_CAPACITY).build();
    client.connect(address);
    return new Session() {
      @Override
      public void roundTrip() throws Exception {
        client.execute("query-status");
      }

      @Override
      public void pipelined(int total, int window, int threads, Latencies latencies)
          throws Exception {
        long[] started = new long[total];
        long[] finished = new long[total];
        AtomicLong failures = new AtomicLong();
        if (threads == 0) {
          chained(total, window, started, finished, failures);
          for (int i = 0; i < total; i++) {
            latencies.record(finished[i] - started[i]);
          }
          return;
        }
        List<Thread> issuers = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int first = t;
          Thread issuer =
              new Thread(
                  () -> {
                    int share = window / threads;
                    Semaphore slots = new Semaphore(share);
                    try {
                      for (int i = first; i < total; i += threads) {
                        slots.acquire();
                        int op = i;
                        started[op] = System.nanoTime();
                        client
                            .executeAsync("query-status")
                            .whenComplete(
                                (r, e) -> {
                                  finished[op] = System.nanoTime();
                                  if (e != null) {
                                    failures.incrementAndGet();
                                  }
                                  slots.release();
                                });
                      }
                      slots.acquire(share); // all answered
                    } catch (InterruptedException | RuntimeException e) {
                      synchronized (errors) {
                        errors.add(e);
                      }
                    }
                  },
                  "bench-issuer-" + t);
          issuers.add(issuer);
        }
        for (Thread t : issuers) {
          t.start();
        }
        for (Thread t : issuers) {
          t.join();
        }
        if (!errors.isEmpty() || failures.get() > 0) {
          throw new IllegalStateException(
              "pipelined run failed: " + failures.get() + " failures, " + errors);
        }
        for (int i = 0; i < total; i++) {
          latencies.record(finished[i] - started[i]);
        }
      }

      /**
       * No thread waits for a slot: each completion (on the thread that read the reply) issues the
       * next command, as an asynchronous pipeline would.
       */
      private void chained(
          int total, int window, long[] started, long[] finished, AtomicLong failures)
          throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Runnable[] issue = new Runnable[1];
        issue[0] =
            () -> {
              int op = next.getAndIncrement();
              if (op >= total) {
                return;
              }
              started[op] = System.nanoTime();
              client
                  .executeAsync("query-status")
                  .whenComplete(
                      (r, e) -> {
                        finished[op] = System.nanoTime();
                        if (e != null) {
                          failures.incrementAndGet();
                        }
                        if (completed.incrementAndGet() == total) {
                          done.countDown();
                        } else {
                          issue[0].run();
                        }
                      });
            };
        for (int i = 0; i < Math.min(window, total); i++) {
          issue[0].run();
        }
        if (!done.await(60, TimeUnit.SECONDS) || failures.get() > 0) {
          throw new IllegalStateException(
              "chained run failed: " + completed.get() + " done, " + failures.get() + " failed");
        }
      }

      @Override
      public long events(int count) throws Exception {
        try (EventListener listener =
            client.listen(EventFilter.names("BENCH"), EVENT_QUEUE_CAPACITY, OverflowPolicy.FAIL)) {
          long[] seen = {0};
          Thread consumer =
              new Thread(
                  () -> {
                    try {
                      while (seen[0] < count) {
                        QmpEvent e = listener.take();
                        JsonNode seqNode = e.data("seq");
                        long seq = seqNode == null ? -1 : seqNode.asLong();
                        if (seq != seen[0]) {
                          seen[0] = -1 - seen[0];
                          return;
                        }
                        seen[0]++;
                      }
                    } catch (InterruptedException | RuntimeException e) {
                      seen[0] = -1 - seen[0];
                    }
                  },
                  "bench-event-listener");
          consumer.start();
          client.execute("x-bench-events", Map.of("count", count));
          consumer.join(TimeUnit.SECONDS.toMillis(60));
          if (consumer.isAlive()) {
            consumer.interrupt();
            consumer.join();
          }
          return listener.dropped() > 0 ? -1 - seen[0] : seen[0];
        }
      }

      @Override
      public long largeReply(String command, int expectedBytes) throws Exception {
        JsonNode reply = client.execute(command);
        if (!reply.isArray() || reply.size() == 0) {
          throw new IllegalStateException(command + " returned " + reply.getNodeType());
        }
        return expectedBytes;
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
