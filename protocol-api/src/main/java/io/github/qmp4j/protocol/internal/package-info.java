/** Engine internals; not exported, not API. */
@NullMarked
package io.github.qmp4j.protocol.internal;

import org.jspecify.annotations.NullMarked;
