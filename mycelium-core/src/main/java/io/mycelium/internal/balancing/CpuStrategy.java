package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;

/** Prefers the node that reported the lowest CPU usage. */
public final class CpuStrategy extends SampledStrategy {
    @Override
    long score(Endpoint endpoint) {
        return endpoint.cpu().isPresent() ? endpoint.cpu().getAsInt() : Long.MAX_VALUE;
    }
}
