package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A socket's output whose writes run per {@link PlatformThreadHandOff}: a write waits while the
 * peer does not read.
 */
final class HandOffOutputStream extends OutputStream {
  private final OutputStream out;
  private final PlatformThreadHandOff handOff;

  HandOffOutputStream(OutputStream out, PlatformThreadHandOff handOff) {
    this.out = out;
    this.handOff = handOff;
  }

  @Override
  public void write(int b) throws IOException {
    if (!PlatformThreadHandOff.onVirtualThread()) {
      out.write(b);
      return;
    }
    handOff.run(() -> out.write(b));
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    // Tested here, not only in run(): a platform thread must not pay a lambda per write.
    if (!PlatformThreadHandOff.onVirtualThread()) {
      out.write(b, off, len);
      return;
    }
    handOff.run(() -> out.write(b, off, len));
  }

  /** Runs on the caller: a socket stream buffers nothing, so there is nothing to wait for. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
