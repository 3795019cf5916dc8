/**
 * The {@code qmp4j} tool. {@link io.github.qmp4j.shell.Main} is the entry point; every other type
 * is internal to the tool.
 */
@NullMarked
package io.github.qmp4j.shell;

import org.jspecify.annotations.NullMarked;
