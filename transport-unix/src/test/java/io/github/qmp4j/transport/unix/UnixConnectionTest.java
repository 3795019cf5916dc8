package io.github.qmp4j.transport.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection behaviour the engine relies on beyond the conformance suite. */
class UnixConnectionTest {
  private final ShortTempDirs dirs = new ShortTempDirs();

  @AfterEach
  void removeDirs() throws IOException {
    dirs.deleteAll();
  }

  @Test
  void anInterruptedWriterNeitherFailsNorClosesTheConnection() throws Exception {
    try (UnixPair pair = UnixPair.open(dirs)) {
      Thread.currentThread().interrupt();
      try {
        pair.client().output().write('i');
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is left for the caller to see");
      }
      assertEquals('i', pair.server().input().read());
      pair.client().output().write('j');
      assertEquals('j', pair.server().input().read());
    }
  }

  @Test
  void describesThePeerForLogs() throws Exception {
    try (UnixPair pair = UnixPair.open(dirs)) {
      assertTrue(pair.client().description().startsWith("unix:/tmp/"), pair.client().description());
      assertTrue(pair.server().description().endsWith("(accepted)"), pair.server().description());
    }
  }
}
