package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;

/** Prefers the node that answered pings fastest; this node counts as zero latency. */
public final class LatencyStrategy extends SampledStrategy {
    @Override
    long score(Endpoint endpoint) {
        if (endpoint.local()) {
            return 0;
        }
        return endpoint.latency().map(d -> d.toNanos()).orElse(Long.MAX_VALUE);
    }

    @Override
    public boolean needsLatency() {
        return true;
    }
}
