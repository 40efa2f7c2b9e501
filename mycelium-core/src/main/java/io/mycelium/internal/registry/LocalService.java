package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.EventDefinition;
import io.mycelium.EventHandler;
import io.mycelium.Service;
import io.mycelium.internal.hooks.ActionPipeline;
import io.mycelium.internal.util.Json;
import io.mycelium.spi.Middleware;
import java.util.List;

/** A service hosted by this node, with its actions under their full names and its INFO entry. */
public final class LocalService {
    private final Service service;
    private final List<LocalAction> actions;
    private final List<EventDefinition> events;
    private final ObjectNode info;

    /** One local action: its full name (e.g. {@code v2.math.add}) and definition. */
    public record LocalAction(String fullName, String serviceName, ActionDefinition definition, ObjectNode info) {}

    public LocalService(Service service) {
        this(service, List.of());
    }

    /**
     * The service with each action's and event's handler wrapped by {@code middlewares} (the first one
     * outermost), once, here.
     */
    public LocalService(Service service, List<Middleware> middlewares) {
        this.service = service;
        String full = service.fullName();
        boolean internal = service.name().startsWith("$");
        this.actions = service.actions().stream()
                .map(a -> {
                    String name = full + "." + a.name();
                    ObjectNode node = Json.object();
                    if (internal) {
                        node.put("cache", false).put("tracing", false);
                    }
                    ActionPipeline.schema(a).ifPresent(p -> node.set("params", p));
                    a.timeout().ifPresent(t -> node.put("timeout", t.toMillis()));
                    node.put("rawName", a.name()).put("name", name);
                    ActionDefinition run = ActionPipeline.build(service, a);
                    ActionHandler handler = run.handler();
                    for (int i = middlewares.size() - 1; i >= 0; i--) {
                        handler = middlewares.get(i).localAction(name, a, handler);
                    }
                    // non-blocking survives the pipeline (the user's own hooks and validation) but not a
                    // middleware wrapping it (a bulkhead waits for a permit; another may block too)
                    if (a.handler().nonBlocking() && handler == run.handler() && !handler.nonBlocking()) {
                        handler = ActionHandler.nonBlocking(handler);
                    }
                    return new LocalAction(name, full, handler == run.handler() ? run : run.withHandler(handler), node);
                })
                .toList();
        this.events = service.events().stream()
                .map(e -> {
                    EventHandler handler = e.handler();
                    for (int i = middlewares.size() - 1; i >= 0; i--) {
                        handler = middlewares.get(i).localEvent(full, e, handler);
                    }
                    return handler == e.handler() ? e : e.withHandler(handler);
                })
                .toList();
        ObjectNode entry = Json.object();
        entry.put("name", service.name());
        service.version().ifPresent(v -> {
            if (service.numericVersion()) {
                entry.put("version", Integer.parseInt(v));
            } else {
                entry.put("version", v);
            }
        });
        entry.put("fullName", full);
        entry.set("settings", Json.objectTree(service.settings()));
        entry.set("metadata", Json.objectTree(service.metadata()));
        ObjectNode actionsNode = entry.putObject("actions");
        actions.forEach(a -> actionsNode.set(a.fullName(), a.info()));
        ObjectNode eventsNode = entry.putObject("events");
        for (EventDefinition e : service.events()) {
            ObjectNode ev = Json.object();
            e.group().ifPresent(g -> ev.put("group", g));
            ev.put("name", e.name());
            eventsNode.set(e.name(), ev);
        }
        this.info = entry;
    }

    public Service service() {
        return service;
    }

    public String fullName() {
        return service.fullName();
    }

    public List<LocalAction> actions() {
        return actions;
    }

    /** The event subscriptions, their handlers wrapped by the middlewares. */
    public List<EventDefinition> events() {
        return events;
    }

    /** The INFO entry; callers must not change it. */
    public ObjectNode info() {
        return info;
    }
}
