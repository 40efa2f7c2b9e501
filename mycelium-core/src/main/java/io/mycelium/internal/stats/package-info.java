/**
 * Request, event and packet statistics: lock-free counters and fixed-memory latency histograms fed by a
 * handful of call sites in the broker and transit, read as immutable {@link io.mycelium.stats} snapshots
 * and as Moleculer's {@code $node.metrics}. Not API.
 */
@NullMarked
package io.mycelium.internal.stats;

import org.jspecify.annotations.NullMarked;
