/**
 * The QMP client. Start with {@link io.github.qmp4j.client.QmpClient#builder()}; commands go out
 * with {@code execute}/{@code executeAsync}, events come in through {@link
 * io.github.qmp4j.client.EventListener}. Every exception is a {@link
 * io.github.qmp4j.protocol.ProtocolException}; QMP-level ones are {@link
 * io.github.qmp4j.client.QmpException}s.
 */
@NullMarked
package io.github.qmp4j.client;

import org.jspecify.annotations.NullMarked;
