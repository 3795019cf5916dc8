/**
 * The {@code tls:} transport: TLS over TCP, client and server, with peer certificate and host-name
 * verification on by default. Configure it with a {@link io.github.qmp4j.transport.tls.TlsConfig}
 * stored under {@link io.github.qmp4j.transport.tls.TlsTransportOptions#CONFIG}.
 */
@NullMarked
package io.github.qmp4j.transport.tls;

import org.jspecify.annotations.NullMarked;
