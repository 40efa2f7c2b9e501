package io.mycelium.spi;

import java.util.Optional;

/** What a {@link Strategy} may look at when it picks an endpoint for one call or event. */
public interface Selection {

    /** The full action name or the event name. */
    String name();

    /** The event group being served, when picking for an event; empty for a call. */
    default Optional<String> group() {
        return Optional.empty();
    }

    /**
     * The value of a param as text, for sharding: {@code key} names a top-level param, or a meta entry when
     * it starts with {@code #} (Moleculer's {@code shardKey} notation). Empty when absent.
     */
    Optional<String> key(String key);
}
