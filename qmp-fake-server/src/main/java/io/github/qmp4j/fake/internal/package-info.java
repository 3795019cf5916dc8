/**
 * The fake server's wire machinery, not for users: QEMU's JSON lexer, streamer and parser rebuilt
 * byte for byte (so malformed input gets QEMU's exact error replies), QEMU's JSON writer (key
 * order, escapes, number format, pretty layout), and the codec that joins them to the engine.
 */
@NullMarked
package io.github.qmp4j.fake.internal;

import org.jspecify.annotations.NullMarked;
