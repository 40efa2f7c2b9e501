/**
 * End-to-end comparisons of Mycelium with its peers (raw TCP, gRPC-java, raw jnats, Moleculer) and the
 * JMH micro benchmarks. Not API: run through {@code scripts/bench}.
 */
@NullMarked
package io.mycelium.benchmarks;

import org.jspecify.annotations.NullMarked;
