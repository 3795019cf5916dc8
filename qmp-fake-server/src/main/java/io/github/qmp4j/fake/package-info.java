/**
 * A wire-level fake QEMU for unit tests of QMP code, after OkHttp's MockWebServer: {@link
 * io.github.qmp4j.fake.FakeQmpServer} listens on any qmp4j transport, answers like QEMU 7.2 (same
 * greeting, negotiation, error classes and texts, byte layout), is scripted per command ({@link
 * io.github.qmp4j.fake.Stub}, {@link io.github.qmp4j.fake.Reply}, {@link
 * io.github.qmp4j.fake.Fault}) or from a JSON file ({@link io.github.qmp4j.fake.FakeScript}), and
 * records what it received ({@link io.github.qmp4j.fake.ReceivedCommand}).
 */
@NullMarked
package io.github.qmp4j.fake;

import org.jspecify.annotations.NullMarked;
