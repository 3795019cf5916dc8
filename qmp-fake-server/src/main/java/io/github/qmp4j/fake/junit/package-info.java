/**
 * The JUnit 5 glue for the fake server: {@link io.github.qmp4j.fake.junit.FakeQmpServerExtension}.
 * Needs {@code junit-jupiter-api} on the path, which qmp-fake-server declares optional.
 */
@NullMarked
package io.github.qmp4j.fake.junit;

import org.jspecify.annotations.NullMarked;
