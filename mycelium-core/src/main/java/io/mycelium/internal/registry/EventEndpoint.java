package io.mycelium.internal.registry;

import io.mycelium.EventHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** One node's subscription to an event in a group; {@code handler} is set when the node is this one. */
public final class EventEndpoint implements NodeEndpoint {
    private final NodeEntry node;
    private final String service;
    private final @Nullable EventHandler handler;

    EventEndpoint(NodeEntry node, String service, @Nullable EventHandler handler) {
        this.node = node;
        this.service = service;
        this.handler = handler;
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
