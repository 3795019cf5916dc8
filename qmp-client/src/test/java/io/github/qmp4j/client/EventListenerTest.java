package io.github.qmp4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qmp4j.protocol.DisconnectedException;
import io.github.qmp4j.protocol.conformance.Eventually;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The bounded event queues behind listeners and subscriptions, without a connection. */
class EventListenerTest {
  private final List<EventQueue> removed = new ArrayList<>();

  private EventQueue queue(EventFilter filter, int capacity, OverflowPolicy policy) {
    return queue(filter, capacity, policy, null);
  }

  private EventQueue queue(
      EventFilter filter, int capacity, OverflowPolicy policy, Consumer<QmpEvent> callback) {
    return new EventQueue(
        filter,
        capacity,
        policy,
        LoggerFactory.getLogger(EventListenerTest.class),
        callback,
        Executors.defaultThreadFactory(),
        "qmp4j-events-test",
        removed::add);
  }

  private static QmpEvent event(String name, int n) {
    return QmpEvent.of(
        Message.parse(
            "{\"event\":\""
                + name
                + "\",\"data\":{\"n\":"
                + n
                + "},\"timestamp\":{\"seconds\":1,\"microseconds\":2}}"));
  }

  private static void offerIfAccepted(EventQueue q, QmpEvent e) {
    if (q.accepts(e)) {
      q.offer(e);
    }
  }

  @Test
  void filtersByNameAndPredicate() throws Exception {
    EventQueue q =
        queue(
            EventFilter.names("STOP", "RESUME").and(e -> e.data().get("n").asInt() > 1),
            10,
            OverflowPolicy.FAIL);
    offerIfAccepted(q, event("STOP", 1));
    offerIfAccepted(q, event("SHUTDOWN", 5));
    offerIfAccepted(q, event("RESUME", 2));
    EventListener l = new EventListener(q);
    assertEquals("RESUME", l.take().name());
    assertTrue(l.isEmpty());
  }

  @Test
  void aFailingPredicateCountsAsNoMatch() {
    EventQueue q =
        queue(
            EventFilter.all()
                .and(
                    e -> {
                      throw new IllegalStateException("boom");
                    }),
            10,
            OverflowPolicy.FAIL);
    assertFalse(q.accepts(event("STOP", 1)));
  }

  @Test
  void theDefaultPolicyStopsTheListenerLoudlyAfterTheQueuedEvents() throws Exception {
    EventListener l = new EventListener(queue(EventFilter.all(), 2, OverflowPolicy.FAIL));
    EventQueue q = queueOf(l);
    for (int i = 0; i < 5; i++) {
      q.offer(event("E", i));
    }
    assertEquals(0, l.take().data().get("n").asInt());
    assertEquals(1, l.take().data().get("n").asInt());
    EventOverflowException e = assertThrows(EventOverflowException.class, l::take);
    assertEquals(3, e.lost());
    assertEquals(2, e.capacity());
    assertThrows(EventOverflowException.class, () -> l.iterator().hasNext());
    assertEquals(3, l.dropped());
  }

  @Test
  void dropOldestKeepsTheNewest() throws Exception {
    EventListener l = new EventListener(queue(EventFilter.all(), 2, OverflowPolicy.DROP_OLDEST));
    for (int i = 0; i < 5; i++) {
      queueOf(l).offer(event("E", i));
    }
    assertEquals(3, l.take().data().get("n").asInt());
    assertEquals(4, l.take().data().get("n").asInt());
    assertEquals(3, l.dropped());
  }

  @Test
  void dropNewestKeepsTheOldest() throws Exception {
    EventListener l = new EventListener(queue(EventFilter.all(), 2, OverflowPolicy.DROP_NEWEST));
    for (int i = 0; i < 5; i++) {
      queueOf(l).offer(event("E", i));
    }
    assertEquals(0, l.take().data().get("n").asInt());
    assertEquals(1, l.take().data().get("n").asInt());
    assertEquals(3, l.dropped());
  }

  @Test
  void theEndOfASessionEndsIterationAfterTheQueuedEventsUntilReopened() throws Exception {
    EventQueue q = queue(EventFilter.all(), 10, OverflowPolicy.FAIL);
    EventListener l = new EventListener(q);
    q.offer(event("A", 1));
    EOFException cause = new EOFException("gone");
    q.end(cause);
    List<String> names = new ArrayList<>();
    l.forEach(e -> names.add(e.name()));
    assertEquals(List.of("A"), names);
    DisconnectedException de = assertThrows(DisconnectedException.class, l::take);
    assertSame(cause, de.getCause());
    assertThrows(DisconnectedException.class, () -> l.poll(Duration.ofSeconds(5)));

    q.reopen();
    assertNull(l.poll(Duration.ofMillis(10)), "a reopened listener waits again");
    q.offer(event("B", 2));
    assertEquals("B", l.take().name());
  }

  @Test
  void aBlockedConsumerIsWokenByTheEnd() throws Exception {
    EventQueue q = queue(EventFilter.all(), 10, OverflowPolicy.FAIL);
    EventListener l = new EventListener(q);
    CountDownLatch done = new CountDownLatch(1);
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                l.take();
              } catch (Throwable t) {
                seen.add(t);
              }
              done.countDown();
            });
    consumer.start();
    Eventually.waitFor(
        "the consumer to block",
        Duration.ofSeconds(5),
        () -> consumer.getState() == Thread.State.WAITING);
    q.end(null);
    assertTrue(done.await(5, TimeUnit.SECONDS));
    assertInstanceOf(DisconnectedException.class, seen.get(0));
  }

  @Test
  void closingEndsIterationRemovesTheListenerAndRefusesTakes() {
    EventQueue q = queue(EventFilter.all(), 10, OverflowPolicy.FAIL);
    EventListener l = new EventListener(q);
    q.offer(event("A", 1));
    l.close();
    l.close();
    assertEquals(List.of(q), removed);
    assertTrue(l.isClosed());
    Iterator<QmpEvent> it = l.iterator();
    assertFalse(it.hasNext());
    assertThrows(IllegalStateException.class, l::take);
    q.offer(event("B", 2));
    assertTrue(l.isEmpty());
  }

  @Test
  void drainAndClear() {
    EventQueue q = queue(EventFilter.all(), 10, OverflowPolicy.FAIL);
    EventListener l = new EventListener(q);
    q.offer(event("A", 1));
    q.offer(event("B", 2));
    assertEquals(2, l.size());
    assertEquals(2, l.drain().size());
    q.offer(event("C", 3));
    l.clear();
    assertNull(l.poll());
  }

  @Test
  void callbacksRunInOrderOnTheirOwnThreadAndASlowOneNeverBlocksTheOfferer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    EventQueue q =
        queue(
            EventFilter.all(),
            3,
            OverflowPolicy.DROP_NEWEST,
            e -> {
              threads.add(Thread.currentThread().getName());
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
              seen.add(e.data().get("n").asInt());
            });
    // The callback blocks on the first event; offers must still return at once.
    q.offer(event("E", 0));
    Eventually.waitFor("the callback to start", Duration.ofSeconds(5), () -> threads.size() == 1);
    for (int i = 1; i < 10; i++) {
      q.offer(event("E", i));
    }
    assertTrue(q.dropped() > 0, "the bounded queue dropped instead of blocking");
    release.countDown();
    Eventually.waitFor("the queued events", Duration.ofSeconds(5), () -> seen.size() == 4);
    assertEquals(List.of(0, 1, 2, 3), seen);
    assertTrue(threads.stream().allMatch("qmp4j-events-test"::equals));
    q.end(null);
    EventSubscription sub = new EventSubscription(q);
    sub.close();
    assertTrue(sub.isClosed());
  }

  @Test
  void aThrowingCallbackGetsTheNextEvent() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    EventQueue q =
        queue(
            EventFilter.all(),
            10,
            OverflowPolicy.FAIL,
            e -> {
              seen.add(e.data().get("n").asInt());
              throw new IllegalStateException("callback bug");
            });
    q.offer(event("E", 1));
    q.offer(event("E", 2));
    Eventually.waitFor("both events", Duration.ofSeconds(5), () -> seen.size() == 2);
    assertEquals(List.of(1, 2), seen);
  }

  private static EventQueue queueOf(EventListener l) {
    return l.queue();
  }
}
