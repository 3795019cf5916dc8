package io.github.qmp4j.protocol.transport.memory;

import io.github.qmp4j.protocol.transport.ReadTimeouts;
import io.github.qmp4j.protocol.transport.TransportConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/** One end of an in-memory connection: reads one pipe, writes the other. */
final class MemoryConnection implements TransportConnection, ReadTimeouts {
  private final MemoryPipe in;
  private final MemoryPipe out;
  private final String description;

  MemoryConnection(MemoryPipe in, MemoryPipe out, String description) {
    this.in = in;
    this.out = out;
    this.description = description;
  }

  @Override
  public InputStream input() {
    return in.input;
  }

  @Override
  public OutputStream output() {
    return out.output;
  }

  @Override
  public <C> Optional<C> capability(Class<C> type) {
    return type == ReadTimeouts.class ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  public void setReadTimeout(Duration timeout) {
    in.setReadTimeout(timeout.toNanos());
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    // Our reader side stops at once; the peer reads what we wrote, then sees end-of-stream.
    in.closeReader();
    out.closeWriter();
  }

  @Override
  public String toString() {
    return "MemoryConnection[" + description + "]";
  }
}
