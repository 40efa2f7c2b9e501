package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks a random candidate. */
public final class RandomStrategy implements Strategy {
    @Override
    public <E extends Endpoint> E select(List<E> candidates, Selection selection) {
        return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }
}
