package io.mycelium.internal.registry;

import io.mycelium.EventHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One node's subscription to an event in a group; {@code handler} is set when the node is this one. */
public final class EventEndpoint implements NodeEndpoint {
    private final NodeEntry node;
    private final String service;
    private final @Nullable EventHandler handler;
    /** The emitting services (EVENT {@code caller}) this local subscription takes; empty = any. */
    private final Set<String> fromServices;
    /** The sending nodes this local subscription takes; empty = any. */
    private final Set<String> fromNodes;

    private final boolean filtered;

    EventEndpoint(NodeEntry node, String service, @Nullable EventHandler handler) {
        this(node, service, handler, Set.of(), Set.of());
    }

    EventEndpoint(
            NodeEntry node,
            String service,
            @Nullable EventHandler handler,
            Set<String> fromServices,
            Set<String> fromNodes) {
        this.node = node;
        this.service = service;
        this.handler = handler;
        this.fromServices = fromServices;
        this.fromNodes = fromNodes;
        this.filtered = !fromServices.isEmpty() || !fromNodes.isEmpty();
    }

    /**
     * True when this subscription takes an event emitted by the service {@code caller} (null: emitted
     * outside any service) from the node {@code sender}; always true for a subscription with no source.
     */
    public boolean accepts(@Nullable String caller, String sender) {
        if (!filtered) {
            return true;
        }
        return (fromServices.isEmpty() || (caller != null && fromServices.contains(caller)))
                && (fromNodes.isEmpty() || fromNodes.contains(sender));
    }

    /** True when this subscription takes only some emitters' events ({@link #accepts}). */
    public boolean filtered() {
        return filtered;
    }

    @Override
    public NodeEntry node() {
        return node;
    }

    public String service() {
        return service;
    }

    public Optional<EventHandler> handler() {
        return Optional.ofNullable(handler);
    }

    @Override
    public String nodeId() {
        return node.id();
    }

    @Override
    public boolean local() {
        return node.local();
    }

    @Override
    public OptionalInt cpu() {
        return node.cpu();
    }

    @Override
    public Optional<Duration> latency() {
        return node.latency();
    }
}
