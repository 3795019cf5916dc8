package io.github.qmp4j.benchmarks;

/** A client to measure against one peer: opens connected, negotiated sessions. */
interface Subject {
  /** How the table names this client, e.g. {@code raw (JDK socket)}. */
  String name();

  /** Whether this is the baseline that the others are divided by. */
  boolean baseline();

  Session open() throws Exception;

  /** One negotiated connection. */
  interface Session extends AutoCloseable {
    /** One {@code query-status}, waiting for its reply. */
    void roundTrip() throws Exception;

    /**
     * Keeps {@code window} {@code query-status} commands in flight (shared by {@code threads}
     * threads) until {@code total} were answered, recording each one's latency.
     */
    void pipelined(int total, int window, int threads, Latencies latencies) throws Exception;

    /**
     * Asks the peer for {@code count} events and counts them as they arrive.
     *
     * @return how many arrived in order; negative when one was lost or out of order
     */
    long events(int count) throws Exception;

    /** Runs a command with a large reply; returns the reply's size in bytes. */
    long largeReply(String command, int expectedBytes) throws Exception;
  }
}
