/**
 * The benchmark harness: {@link io.github.qmp4j.benchmarks.Harness} runs every scenario and prints
 * one table of rates, latencies and ratios to the raw baselines measured in the same run.
 */
@NullMarked
package io.github.qmp4j.benchmarks;

import org.jspecify.annotations.NullMarked;
