/**
 * The {@code unix:} transport: Unix domain sockets (junixsocket), client and server, with
 * file-descriptor passing as the {@link io.github.qmp4j.protocol.transport.FileDescriptorPassing}
 * capability.
 */
@NullMarked
package io.github.qmp4j.transport.unix;

import org.jspecify.annotations.NullMarked;
