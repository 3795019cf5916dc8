/**
 * The generic protocol engine: {@link io.github.qmp4j.protocol.AsyncProtocol}, its runstates and
 * its exceptions. Knows no QMP and no concrete transport.
 */
@NullMarked
package io.github.qmp4j.protocol;

import org.jspecify.annotations.NullMarked;
