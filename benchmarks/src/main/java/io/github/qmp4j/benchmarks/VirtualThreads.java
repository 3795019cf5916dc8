package io.github.qmp4j.benchmarks;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/** Virtual threads where the JVM has them (Java 21+), found reflectively: this code targets 17. */
final class VirtualThreads {
  private VirtualThreads() {}

  static @Nullable ThreadFactory factory() {
    if (Runtime.version().feature() < 21) {
      return null;
    }
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
      return (ThreadFactory) factory.invoke(builder);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
