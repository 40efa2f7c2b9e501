package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.EventDefinition;
import io.mycelium.EventHandler;
import io.mycelium.Service;
import io.mycelium.internal.fault.ActionPolicies;
import io.mycelium.internal.hooks.ActionPipeline;
import io.mycelium.internal.util.Json;
import io.mycelium.internal.validation.Schemas;
import io.mycelium.internal.validation.ValidatingEventHandler;
import io.mycelium.spi.Middleware;
import java.util.ArrayList;
import java.util.List;

/**
 * A service hosted by this node, with its actions under their full names and its INFO entry. Immutable:
 * adding or removing one action or event at run time makes a new one that keeps the other actions' and
 * events' wrapped handlers as they were (so a middleware's per-action state survives).
 */
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
        this(
                service,
                service.actions().stream()
                        .map(a -> action(service, a, middlewares))
                        .toList(),
                service.events().stream()
                        .map(e -> event(service, e, middlewares))
                        .toList());
    }

    private LocalService(Service service, List<LocalAction> actions, List<EventDefinition> events) {
        this.service = service;
        this.actions = List.copyOf(actions);
        this.events = List.copyOf(events);
        this.info = info(service, this.actions, this.events);
    }

    private static LocalAction action(Service service, ActionDefinition a, List<Middleware> middlewares) {
        String full = service.fullName();
        String name = full + "." + a.name();
        ObjectNode node = Json.object();
        if (service.name().startsWith("$")) {
            node.put("cache", false).put("tracing", false);
        }
        ActionPipeline.schema(a).ifPresent(p -> node.set("params", p));
        a.timeout().ifPresent(t -> node.put("timeout", t.toMillis()));
        a.retryPolicy().ifPresent(r -> node.set("retryPolicy", ActionPolicies.info(r)));
        a.circuitBreaker().ifPresent(c -> node.set("circuitBreaker", ActionPolicies.info(c)));
        node.put("rawName", a.name()).put("name", name);
        ActionHandler handler = a.handler();
        List<Middleware> builtIns = ActionPipeline.builtIns(service); // innermost, inside the given ones
        for (int i = builtIns.size() - 1; i >= 0; i--) {
            handler = builtIns.get(i).localAction(name, a, handler);
        }
        ActionHandler pipeline = handler;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            handler = middlewares.get(i).localAction(name, a, handler);
        }
        // non-blocking survives the broker's own hooks and validation but not a middleware wrapping the
        // action (a bulkhead waits for a permit; another may block too)
        if (a.handler().nonBlocking() && handler == pipeline && !handler.nonBlocking()) {
            handler = ActionHandler.nonBlocking(handler);
        }
        return new LocalAction(name, full, handler == a.handler() ? a : a.withHandler(handler), node);
    }

    /** Validation (when the event declares a record) innermost, then the middlewares around it. */
    private static EventDefinition event(Service service, EventDefinition e, List<Middleware> middlewares) {
        EventHandler handler = e.paramsType().isPresent()
                ? new ValidatingEventHandler(e.paramsType().get(), e.handler())
                : e.handler();
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            handler = middlewares.get(i).localEvent(service.fullName(), e, handler);
        }
        return handler == e.handler() ? e : e.withHandler(handler);
    }

    private static ObjectNode info(Service service, List<LocalAction> actions, List<EventDefinition> events) {
        ObjectNode entry = Json.object();
        entry.put("name", service.name());
        service.version().ifPresent(v -> {
            if (service.numericVersion()) {
                entry.put("version", Integer.parseInt(v));
            } else {
                entry.put("version", v);
            }
        });
        entry.put("fullName", service.fullName());
        entry.set("settings", Json.objectTree(service.settings()));
        entry.set("metadata", Json.objectTree(service.metadata()));
        ObjectNode actionsNode = entry.putObject("actions");
        actions.forEach(a -> actionsNode.set(a.fullName(), a.info()));
        ObjectNode eventsNode = entry.putObject("events");
        for (EventDefinition e : events) {
            ObjectNode ev = Json.object();
            e.group().ifPresent(g -> ev.put("group", g));
            ev.put("name", e.name());
            e.paramsType().ifPresent(t -> ev.set("params", Schemas.of(t)));
            eventsNode.set(e.name(), ev);
        }
        return entry;
    }

    /** This service with one more action (wrapped as at registration); throws if it has one of that name. */
    public LocalService withAction(ActionDefinition action, List<Middleware> middlewares) {
        Service updated = service.withAction(action);
        List<LocalAction> more = new ArrayList<>(actions);
        more.add(action(updated, action, middlewares));
        return new LocalService(updated, more, events);
    }

    /** This service without the action {@code name} (short name); itself when it has none. */
    public LocalService withoutAction(String name) {
        Service updated = service.withoutAction(name);
        if (updated == service) {
            return this;
        }
        String full = service.fullName() + "." + name;
        return new LocalService(
                updated,
                actions.stream().filter(a -> !a.fullName().equals(full)).toList(),
                events);
    }

    /** This service with one more event subscription (wrapped as at registration). */
    public LocalService withEvent(EventDefinition event, List<Middleware> middlewares) {
        Service updated = service.withEvent(event);
        List<EventDefinition> more = new ArrayList<>(events);
        more.add(event(updated, event, middlewares));
        return new LocalService(updated, actions, more);
    }

    /** This service without its subscriptions to {@code name}; itself when it has none. */
    public LocalService withoutEvent(String name) {
        Service updated = service.withoutEvent(name);
        if (updated == service) {
            return this;
        }
        return new LocalService(
                updated,
                actions,
                events.stream().filter(e -> !e.name().equals(name)).toList());
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
