/**
 * The transport SPI: how bytes reach a peer. Providers are found with {@link
 * java.util.ServiceLoader} by the scheme of a {@link
 * io.github.qmp4j.protocol.transport.TransportAddress}.
 */
@NullMarked
package io.github.qmp4j.protocol.transport;

import org.jspecify.annotations.NullMarked;
