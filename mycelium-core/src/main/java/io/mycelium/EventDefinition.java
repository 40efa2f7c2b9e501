package io.mycelium;

import java.util.Objects;
import java.util.Optional;

/**
 * One event subscription of a service: the event name (Moleculer wildcards {@code *} and {@code **}
 * allowed), an optional group (default: the service name) and the handler. Immutable.
 */
public final class EventDefinition {
    private final String name;
    private final Optional<String> group;
    private final EventHandler handler;

    private EventDefinition(String name, Optional<String> group, EventHandler handler) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name must not be blank");
        }
        this.name = name;
        this.group = group;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** A subscription in the service's own group. */
    public static EventDefinition of(String name, EventHandler handler) {
        return new EventDefinition(name, Optional.empty(), handler);
    }

    /** A subscription in the given group. */
    public static EventDefinition of(String name, String group, EventHandler handler) {
        return new EventDefinition(name, Optional.of(group), handler);
    }

    /** The event name or pattern. */
    public String name() {
        return name;
    }

    /** The group, if not the service name. */
    public Optional<String> group() {
        return group;
    }

    /** This subscription with another handler (used to wrap a handler; everything else is kept). */
    public EventDefinition withHandler(EventHandler handler) {
        return new EventDefinition(name, group, handler);
    }

    /** The handler. */
    public EventHandler handler() {
        return handler;
    }
}
