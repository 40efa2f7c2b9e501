package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Consistent hashing by rendezvous (highest random weight): a key goes to the node with the highest
 * hash of (key, node), so adding or removing a node moves only the keys of that node.
 */
public final class ShardStrategy implements Strategy {
    private final String key;
    private final RoundRobinStrategy fallback = new RoundRobinStrategy();

    public ShardStrategy(String key) {
        if (key.isBlank()) {
            throw new IllegalArgumentException("shard key must not be blank");
        }
        this.key = key;
    }

    @Override
    public <E extends Endpoint> E select(List<E> candidates, Selection selection) {
        Optional<String> value = selection.key(key);
        if (value.isEmpty()) {
            return fallback.select(candidates, selection);
        }
        long keyHash = hash(value.get(), 0xcbf29ce484222325L);
        E best = candidates.get(0);
        long bestWeight = Long.MIN_VALUE;
        for (E candidate : candidates) {
            long weight = mix(hash(candidate.nodeId(), keyHash));
            if (weight > bestWeight) {
                best = candidate;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static long hash(String text, long seed) {
        long h = seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
