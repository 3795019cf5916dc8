package io.github.qmp4j.protocol;

/**
 * The lifecycle state of an {@link AsyncProtocol}, as {@code qemu.qmp} defines it.
 *
 * <p>A session goes {@code IDLE → CONNECTING → RUNNING → DISCONNECTING → IDLE}; a failed attempt
 * goes {@code IDLE → CONNECTING → DISCONNECTING → IDLE}.
 */
public enum Runstate {
  /** No connection and no pending attempt. */
  IDLE,
  /** Connecting, listening, accepting or negotiating a session. */
  CONNECTING,
  /** A session is established; the reader and writer loops run. */
  RUNNING,
  /** The session is ending, or has ended with an error that {@code disconnect()} will report. */
  DISCONNECTING
}
