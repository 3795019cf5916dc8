package io.github.qmp4j.transport.unix;

import java.io.IOException;
import java.io.InputStream;

/** A socket's input whose reads run per {@link PlatformThreadHandOff}. */
final class HandOffInputStream extends InputStream {
  private final InputStream in;
  private final PlatformThreadHandOff handOff;

  HandOffInputStream(InputStream in, PlatformThreadHandOff handOff) {
    this.in = in;
    this.handOff = handOff;
  }

  @Override
  public int read() throws IOException {
    return PlatformThreadHandOff.onVirtualThread() ? handOff.call(in::read) : in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    // Tested here, not only in call(): a platform thread must not pay a lambda per read.
    if (!PlatformThreadHandOff.onVirtualThread()) {
      return in.read(b, off, len);
    }
    return handOff.call(() -> in.read(b, off, len));
  }

  /** Never blocks (FIONREAD), so it runs on the caller. */
  @Override
  public int available() throws IOException {
    return in.available();
  }

  /** Runs on the caller: closing is what ends a read blocked on another thread. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
