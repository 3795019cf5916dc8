/**
 * The {@code memory:} transport: in-process byte pipes with no sockets, for fast deterministic
 * tests and the fake server's in-process mode.
 */
@NullMarked
package io.github.qmp4j.protocol.transport.memory;

import org.jspecify.annotations.NullMarked;
