package io.github.qmp4j.client;

/**
 * What an event listener does with an event that arrives while its bounded queue is full. The
 * reader thread never waits for a listener: a slow listener must not stall command replies.
 */
public enum OverflowPolicy {
  /**
   * The default, so that no event is lost silently: the listener stops receiving, the events queued
   * so far can still be taken, and then {@link EventOverflowException} is thrown (from {@code
   * take}, {@code poll} and iteration; a callback subscription logs it at ERROR and stops).
   */
  FAIL,
  /**
   * The oldest queued event is dropped to make room; counted in {@code dropped()}, logged at WARN.
   */
  DROP_OLDEST,
  /** The arriving event is dropped; counted in {@code dropped()}, logged at WARN. */
  DROP_NEWEST
}
