package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Takes the candidates of each action (or event group) in turn. */
public final class RoundRobinStrategy implements Strategy {
    private static final int MAX_KEYS = 10_000;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public <E extends Endpoint> E select(List<E> candidates, Selection selection) {
        String key = selection.group().map(g -> selection.name() + '\u0000' + g).orElse(selection.name());
        AtomicInteger counter = counters.get(key);
        if (counter == null) {
            if (counters.size() > MAX_KEYS) {
                counters.clear();
            }
            counter = counters.computeIfAbsent(key, k -> new AtomicInteger());
        }
        return candidates.get(Math.floorMod(counter.getAndIncrement(), candidates.size()));
    }
}
