package io.github.qmp4j.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * The JVM's costs that an operation count can be divided by: CPU time of the process, and bytes
 * allocated by every live thread of this JVM, by every live thread of this JVM, from HotSpot's
 * per-thread counters: cheap and exact enough to divide by a number of operations. Threads that die
 * in between are not counted, so measure across rounds whose threads live throughout.
 */
final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Allocations() {}

  /** CPU time of this whole JVM so far, user and system, in nanoseconds. */
  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }

  static long total() {
    long sum = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      if (bytes > 0) {
        sum += bytes;
      }
    }
    return sum;
  }
}
