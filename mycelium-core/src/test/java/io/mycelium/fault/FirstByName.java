package io.mycelium.fault;

import io.mycelium.spi.Endpoint;
import io.mycelium.spi.Selection;
import io.mycelium.spi.Strategy;
import java.util.Comparator;
import java.util.List;

/** Always picks the candidate with the smallest node id, so a test knows where a first attempt goes. */
final class FirstByName implements Strategy {
    @Override
    public <E extends Endpoint> E select(List<E> candidates, Selection selection) {
        return candidates.stream().min(Comparator.comparing(Endpoint::nodeId)).orElseThrow();
    }
}
