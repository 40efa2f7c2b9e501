package io.mycelium;

import io.mycelium.internal.balancing.CpuStrategy;
import io.mycelium.internal.balancing.LatencyStrategy;
import io.mycelium.internal.balancing.RandomStrategy;
import io.mycelium.internal.balancing.RoundRobinStrategy;
import io.mycelium.internal.balancing.ShardStrategy;
import io.mycelium.spi.Strategy;

/** The built-in balancing strategies. Each call returns a new, thread-safe strategy. */
public final class Strategies {
    private Strategies() {}

    /** Takes the candidates in turn (the default). */
    public static Strategy roundRobin() {
        return new RoundRobinStrategy();
    }

    /** Picks a random candidate. */
    public static Strategy random() {
        return new RandomStrategy();
    }

    /** Prefers the candidate whose node reported the lowest CPU usage (among a few sampled). */
    public static Strategy cpu() {
        return new CpuStrategy();
    }

    /** Prefers the candidate whose node answered pings fastest (among a few sampled). */
    public static Strategy latency() {
        return new LatencyStrategy();
    }

    /**
     * Sends calls with the same value of {@code key} (a param name, or {@code #name} for a meta entry) to
     * the same node, by consistent hashing; calls without the key are balanced round-robin.
     */
    public static Strategy shard(String key) {
        return new ShardStrategy(key);
    }
}
