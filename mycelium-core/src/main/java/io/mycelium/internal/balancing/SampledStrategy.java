package io.mycelium.internal.balancing;

import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Samples a few random candidates and keeps the one with the lowest score, as Moleculer's CPU and latency
 * strategies do (a full scan would herd every caller onto the same node between two updates).
 */
abstract class SampledStrategy implements Strategy {
    private static final int SAMPLE = 3;

    /** The score of a candidate; lower is better; {@link Long#MAX_VALUE} when unknown. */
    abstract long score(Endpoint endpoint);

    @Override
    public final <E extends Endpoint> E select(List<E> candidates, Selection selection) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        E best = candidates.get(random.nextInt(size));
        long bestScore = score(best);
        for (int i = 1; i < Math.min(SAMPLE, size); i++) {
            E candidate = candidates.get(random.nextInt(size));
            long s = score(candidate);
            if (s < bestScore) {
                best = candidate;
                bestScore = s;
            }
        }
        return best;
    }
}
