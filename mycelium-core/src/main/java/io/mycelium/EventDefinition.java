package io.mycelium;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One event subscription of a service: the event name (Moleculer wildcards {@code *} and {@code **}
 * allowed), an optional group (default: the service name), the handler, and optionally a params record the
 * event data is validated against and the services or nodes whose events it takes. Immutable; made with
 * {@link #of} and the {@code with}/{@code from} methods.
 */
public final class EventDefinition {
    private final String name;
    private final Optional<String> group;
    private final EventHandler handler;
    private final Optional<Class<? extends Record>> paramsType;
    private final Set<String> fromServices;
    private final Set<String> fromNodes;

    private EventDefinition(
            String name,
            Optional<String> group,
            EventHandler handler,
            Optional<Class<? extends Record>> paramsType,
            Set<String> fromServices,
            Set<String> fromNodes) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("event name must not be blank");
        }
        this.name = name;
        this.group = group;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.paramsType = paramsType;
        this.fromServices = Set.copyOf(fromServices);
        this.fromNodes = Set.copyOf(fromNodes);
    }

    /** A subscription in the service's own group. */
    public static EventDefinition of(String name, EventHandler handler) {
        return new EventDefinition(name, Optional.empty(), handler, Optional.empty(), Set.of(), Set.of());
    }

    /** A subscription in the given group. */
    public static EventDefinition of(String name, String group, EventHandler handler) {
        return new EventDefinition(name, Optional.of(group), handler, Optional.empty(), Set.of(), Set.of());
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
        return new EventDefinition(name, group, handler, paramsType, fromServices, fromNodes);
    }

    /**
     * This subscription with its data declared as a record (atom.js's lexicon for messages): before the
     * handler runs, the data is bound to it, {@link Default defaults} fill missing fields and its Jakarta Bean
     * Validation constraints are checked, as for an action's params. An event that fails is dropped: the
     * handler never sees it, the reason is logged (a warning naming each violation) and it is counted as a
     * {@code ValidationError} in the event's statistics ({@link io.mycelium.stats.EventStatistics#errorsByType}).
     * The schema derived from the record is announced in INFO as the event's {@code params}.
     */
    public EventDefinition withParams(Class<? extends Record> type) {
        return new EventDefinition(name, group, handler, Optional.of(type), fromServices, fromNodes);
    }

    /**
     * This subscription limited to events emitted by the given services (full names, e.g. {@code v2.orders};
     * atom.js's {@code service|||topic}): the emitter's service travels as the EVENT's {@code caller}, set
     * when the event is emitted from a handler's {@link Context} ({@code ctx.emit}, as in Moleculer). An
     * event from another service, or from no service ({@code broker.emit}), is not handed to this handler.
     * Adds to the services given before.
     */
    public EventDefinition fromService(String... serviceFullNames) {
        return new EventDefinition(name, group, handler, paramsType, union(fromServices, serviceFullNames), fromNodes);
    }

    /**
     * This subscription limited to events sent by the given nodes (the EVENT's {@code sender}). With
     * {@link #fromService} too, an event must match both. Adds to the nodes given before.
     */
    public EventDefinition fromNode(String... nodeIds) {
        return new EventDefinition(name, group, handler, paramsType, fromServices, union(fromNodes, nodeIds));
    }

    private static Set<String> union(Set<String> before, String... more) {
        var all = new java.util.LinkedHashSet<>(before);
        for (String s : more) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("a service or node name must not be blank");
            }
            all.add(s);
        }
        return all;
    }

    /** The handler. */
    public EventHandler handler() {
        return handler;
    }

    /** The record the event data is validated against, if declared. */
    public Optional<Class<? extends Record>> paramsType() {
        return paramsType;
    }

    /** The services whose events this subscription takes; empty means any. */
    public Set<String> fromServices() {
        return fromServices;
    }

    /** The nodes whose events this subscription takes; empty means any. */
    public Set<String> fromNodes() {
        return fromNodes;
    }
}
