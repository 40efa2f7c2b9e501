package io.mycelium.spi;

import java.util.List;

/**
 * Picks one endpoint among the available candidates of an action or an event group. Built-ins are made by
 * {@link io.mycelium.Strategies}. Called concurrently from any thread: implementations are
 * <b>thread-safe</b>, fast and never block.
 */
public interface Strategy {

    /**
     * Picks one of {@code candidates} (never empty; all available).
     *
     * @return one element of {@code candidates}
     */
    <E extends Endpoint> E select(List<E> candidates, Selection selection);

    /** True when this strategy reads {@link Endpoint#latency()}, so the broker pings nodes regularly. */
    default boolean needsLatency() {
        return false;
    }
}
