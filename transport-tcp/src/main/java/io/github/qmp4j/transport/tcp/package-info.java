/** The {@code tcp:} transport: plain TCP sockets, client and server. */
@NullMarked
package io.github.qmp4j.transport.tcp;

import org.jspecify.annotations.NullMarked;
