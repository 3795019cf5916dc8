package io.github.qmp4j.protocol;

import java.util.concurrent.ThreadFactory;

/** The default thread factory: platform daemon threads, so a forgotten client never pins a JVM. */
enum PlatformDaemonThreads implements ThreadFactory {
  INSTANCE;

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    return thread;
  }
}
