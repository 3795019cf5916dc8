/** The message-framing SPI: turns a byte stream into messages and back. */
@NullMarked
package io.github.qmp4j.protocol.codec;

import org.jspecify.annotations.NullMarked;
