package io.github.qmp4j.benchmarks;

/** The baseline over some {@link Wire}: see {@link RawClient}. */
final class RawSubject implements Subject {
  /** Opens a connected wire. */
  @FunctionalInterface
  interface WireSource {
    Wire connect() throws Exception;
  }

  private final String name;
  private final WireSource source;
  private final boolean baseline;
  private final boolean batchWrites;

  RawSubject(String name, WireSource source, boolean baseline) {
    this(name, source, baseline, false);
  }

  RawSubject(String name, WireSource source, boolean baseline, boolean batchWrites) {
    this.name = name;
    this.source = source;
    this.baseline = baseline;
    this.batchWrites = batchWrites;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean baseline() {
    return baseline;
  }

  @Override
  public Session open() throws Exception {
    RawClient raw = new RawClient(source.connect()).negotiate();
    return new Session() {
      @Override
      public void roundTrip() throws Exception {
        raw.roundTripNext("query-status");
      }

      @Override
      public void pipelined(int total, int window, int threads, Latencies latencies)
          throws Exception {
        raw.pipelined("query-status", total, window, batchWrites, latencies);
      }

      @Override
      public long events(int count) throws Exception {
        return raw.events(raw.command("x-bench-events", "{\"count\":" + count + "}"));
      }

      @Override
      public long largeReply(String command, int expectedBytes) throws Exception {
        return raw.roundTrip(raw.command(command));
      }

      @Override
      public void close() throws Exception {
        raw.close();
      }
    };
  }
}
