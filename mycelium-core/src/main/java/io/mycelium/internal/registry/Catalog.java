package io.mycelium.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.EventDefinition;
import io.mycelium.internal.util.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable picture of who serves what, rebuilt whenever a service list changes (rare) and read
 * lock-free on every call (often). Only available nodes appear in it.
 */
public final class Catalog {
    static final Catalog EMPTY = new Catalog(Map.of(), List.of(), List.of());

    private final Map<String, EndpointList<ActionEndpoint>> actions;
    private final List<EventGroup> events;
    private final List<ServiceEntry> services;
    private final Map<String, List<EventGroup>> eventCache = new java.util.concurrent.ConcurrentHashMap<>();

    private Catalog(
            Map<String, EndpointList<ActionEndpoint>> actions, List<EventGroup> events, List<ServiceEntry> services) {
        this.actions = actions;
        this.events = events;
        this.services = services;
    }

    public Optional<EndpointList<ActionEndpoint>> action(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    public Map<String, EndpointList<ActionEndpoint>> actions() {
        return actions;
    }

    public List<EventGroup> events() {
        return events;
    }

    /** The groups whose event name or pattern matches {@code eventName}; cached per name. */
    public List<EventGroup> eventGroups(String eventName) {
        List<EventGroup> cached = eventCache.get(eventName);
        if (cached != null) {
            return cached;
        }
        List<EventGroup> found =
                events.stream().filter(g -> g.matches(eventName)).toList();
        if (eventCache.size() < 10_000) {
            eventCache.put(eventName, found);
        }
        return found;
    }

    public List<ServiceEntry> services() {
        return services;
    }

    /** True when a service of this full name runs on some available node. */
    public boolean hasService(String fullName) {
        for (ServiceEntry s : services) {
            if (s.fullName().equals(fullName)) {
                return true;
            }
        }
        return false;
    }

    static Catalog build(Collection<LocalService> locals, NodeEntry localNode, Collection<NodeEntry> remotes) {
        Map<String, List<ActionEndpoint>> actions = new LinkedHashMap<>();
        Map<String, List<EventEndpoint>> events = new LinkedHashMap<>();
        Map<String, ObjectNode> eventDefs = new HashMap<>();
        List<ServiceEntry> services = new ArrayList<>();
        for (LocalService ls : locals) {
            services.add(new ServiceEntry(localNode, ls.service().name(), ls.fullName(), ls.info()));
            for (LocalService.LocalAction a : ls.actions()) {
                actions.computeIfAbsent(a.fullName(), k -> new ArrayList<>())
                        .add(new ActionEndpoint(localNode, a.fullName(), ls.fullName(), a.info(), a));
            }
            for (EventDefinition e : ls.events()) {
                String group = e.group().orElse(ls.service().name());
                String key = e.name() + '\u0000' + group;
                eventDefs.putIfAbsent(key, (ObjectNode) ls.info().path("events").path(e.name()));
                events.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new EventEndpoint(localNode, ls.fullName(), e.handler(), e.fromServices(), e.fromNodes()));
            }
        }
        for (NodeEntry node : remotes) {
            var info = node.info;
            if (!node.available || node.local() || info == null) {
                continue;
            }
            for (JsonNode svc : info.services()) {
                addRemote(node, svc, actions, events, eventDefs, services);
            }
        }
        Map<String, EndpointList<ActionEndpoint>> actionLists = new HashMap<>();
        actions.forEach((k, v) -> actionLists.put(k, new EndpointList<>(v)));
        List<EventGroup> groups = new ArrayList<>();
        events.forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            groups.add(new EventGroup(
                    k.substring(0, sep),
                    k.substring(sep + 1),
                    eventDefs.getOrDefault(k, Json.object()),
                    new EndpointList<>(v)));
        });
        return new Catalog(Map.copyOf(actionLists), List.copyOf(groups), List.copyOf(services));
    }

    private static void addRemote(
            NodeEntry node,
            JsonNode svc,
            Map<String, List<ActionEndpoint>> actions,
            Map<String, List<EventEndpoint>> events,
            Map<String, ObjectNode> eventDefs,
            List<ServiceEntry> services) {
        if (!svc.isObject() || !svc.path("name").isTextual()) {
            return;
        }
        String name = svc.get("name").asText();
        String fullName =
                svc.path("fullName").isTextual() ? svc.get("fullName").asText() : fullName(name, svc.get("version"));
        services.add(new ServiceEntry(node, name, fullName, (ObjectNode) svc));
        JsonNode acts = svc.path("actions");
        for (Iterator<Map.Entry<String, JsonNode>> it = acts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            if (!a.getValue().isObject()) {
                continue;
            }
            String actionName = a.getValue().path("name").isTextual()
                    ? a.getValue().get("name").asText()
                    : a.getKey();
            actions.computeIfAbsent(actionName, k -> new ArrayList<>())
                    .add(new ActionEndpoint(node, actionName, fullName, (ObjectNode) a.getValue(), null));
        }
        JsonNode evs = svc.path("events");
        for (Iterator<Map.Entry<String, JsonNode>> it = evs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode def = e.getValue();
            if (!def.isObject()) {
                continue;
            }
            String eventName = def.path("name").isTextual() ? def.get("name").asText() : e.getKey();
            String group = def.path("group").isTextual() ? def.get("group").asText() : name;
            String key = eventName + '\u0000' + group;
            eventDefs.putIfAbsent(key, (ObjectNode) def);
            events.computeIfAbsent(key, k -> new ArrayList<>()).add(new EventEndpoint(node, fullName, null));
        }
    }

    static String fullName(String name, @Nullable JsonNode version) {
        if (version == null || version.isNull() || version.isMissingNode()) {
            return name;
        }
        return version.isNumber() ? "v" + version.asText() + "." + name : version.asText() + "." + name;
    }
}
