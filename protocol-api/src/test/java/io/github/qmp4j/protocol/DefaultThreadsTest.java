package io.github.qmp4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The default thread factory follows {@code qmp4j.threads}: .ci/run runs the engine and client
 * suites again on Java 25 with {@code -Dqmp4j.threads=virtual}, where this test proves that the
 * loops really run on virtual threads.
 */
class DefaultThreadsTest {
  private static boolean isVirtual(Thread t) throws ReflectiveOperationException {
    try {
      Method isVirtual = Thread.class.getMethod("isVirtual");
      return (boolean) isVirtual.invoke(t);
    } catch (NoSuchMethodException e) {
      return false; // Java 17 has no virtual threads
    }
  }

  @Test
  void defaultFactoryFollowsTheSystemProperty() throws Exception {
    Thread t = ProtocolConfig.defaults().threadFactory().newThread(() -> {});
    boolean virtualWanted = "virtual".equals(System.getProperty(DefaultThreads.PROPERTY));
    boolean virtualAvailable = Runtime.version().feature() >= 21;
    assertEquals(virtualWanted && virtualAvailable, isVirtual(t));
    assertTrue(t.isDaemon(), "platform and virtual threads alike never pin the JVM");
  }
}
