package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** One node's instance of an action; {@code local} carries the handler when the node is this one. */
public final class ActionEndpoint implements NodeEndpoint {
    private final NodeEntry node;
    private final String name;
    private final String service;
    private final ObjectNode definition;
    private final LocalService.@Nullable LocalAction localAction;

    ActionEndpoint(
            NodeEntry node,
            String name,
            String service,
            ObjectNode definition,
            LocalService.@Nullable LocalAction localAction) {
        this.node = node;
        this.name = name;
        this.service = service;
        this.definition = definition;
        this.localAction = localAction;
    }

    @Override
    public NodeEntry node() {
        return node;
    }

    public String name() {
        return name;
    }

    public String service() {
        return service;
    }

    public ObjectNode definition() {
        return definition;
    }

    public Optional<LocalService.LocalAction> localAction() {
        return Optional.ofNullable(localAction);
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
