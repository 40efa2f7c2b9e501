package io.mycelium.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ActionDefinition;
import io.mycelium.BrokerOptions;
import io.mycelium.ClientException;
import io.mycelium.Context;
import io.mycelium.Service;
import io.mycelium.internal.registry.ActionEndpoint;
import io.mycelium.internal.registry.EndpointList;
import io.mycelium.internal.registry.EventGroup;
import io.mycelium.internal.registry.NodeEntry;
import io.mycelium.internal.registry.Registry;
import io.mycelium.internal.registry.ServiceEntry;
import io.mycelium.internal.stats.MoleculerMetrics;
import io.mycelium.internal.util.Json;
import io.mycelium.spi.Endpoint;
import io.mycelium.stats.BrokerStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The internal {@code $node} service, answering with the shapes Moleculer 0.15 gives. */
final class NodeService {
    private final Registry registry;
    private final BrokerOptions options;
    private final String transporterName;
    private final String serializerName;
    private final Supplier<BrokerStatistics> statistics;
    private final BooleanSupplier connected;

    NodeService(
            Registry registry,
            BrokerOptions options,
            String transporterName,
            String serializerName,
            Supplier<BrokerStatistics> statistics,
            BooleanSupplier connected) {
        this.registry = registry;
        this.options = options;
        this.transporterName = transporterName;
        this.serializerName = serializerName;
        this.statistics = statistics;
        this.connected = connected;
    }

    Service definition() {
        return Service.named("$node")
                .action(ActionDefinition.of("list", this::list).withParams(schema("withServices", "onlyAvailable")))
                .action(ActionDefinition.of("services", this::services)
                        .withParams(schema(
                                "onlyLocal", "skipInternal", "withActions", "withEvents", "onlyAvailable", "grouping")))
                .action(ActionDefinition.of("actions", this::actions)
                        .withParams(schema("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable")))
                .action(ActionDefinition.of("events", this::events)
                        .withParams(schema("onlyLocal", "skipInternal", "withEndpoints", "onlyAvailable")))
                .action("health", ctx -> Health.status(registry.localInfo()))
                .action(ActionDefinition.of("options", ctx -> options()).withParams(Json.object()))
                .action(ActionDefinition.of("metrics", this::metrics).withParams(metricsSchema()))
                .build();
    }

    private static ObjectNode schema(String... flags) {
        ObjectNode s = Json.object();
        for (String f : flags) {
            s.putObject(f)
                    .put("type", "boolean")
                    .put("optional", true)
                    .put("convert", true)
                    .put("default", f.equals("grouping"));
        }
        return s;
    }

    private static ObjectNode metricsSchema() {
        ObjectNode s = Json.object();
        for (String f : List.of("types", "includes", "excludes")) {
            ObjectNode m = s.putObject(f).put("type", "multi").put("optional", true);
            ArrayNode rules = m.putArray("rules");
            rules.addObject().put("type", "string");
            rules.addObject().put("type", "array").put("items", "string");
        }
        return s;
    }

    /** Moleculer's {@code $node.metrics}: {@code types}, {@code includes}, {@code excludes} filter the list. */
    private Object metrics(Context ctx) {
        if (!options.statistics()) {
            throw new ClientException(
                    "Metrics feature is disabled",
                    400,
                    "METRICS_DISABLED",
                    Json.nodes().nullNode());
        }
        List<String> types = strings(ctx.params().get("types"));
        List<String> includes = strings(ctx.params().get("includes"));
        List<String> excludes = strings(ctx.params().get("excludes"));
        return MoleculerMetrics.list(
                statistics.get(),
                connected.getAsBoolean(),
                types,
                name -> (includes.isEmpty() || includes.stream().anyMatch(g -> MoleculerMetrics.matches(name, g)))
                        && excludes.stream().noneMatch(g -> MoleculerMetrics.matches(name, g)));
    }

    /** A string or an array of strings (Moleculer accepts both); empty when absent. */
    private static List<String> strings(@Nullable JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return List.of();
        }
        if (v.isArray()) {
            List<String> out = new ArrayList<>();
            v.forEach(e -> out.add(e.asText()));
            return out;
        }
        return List.of(v.asText());
    }

    private static boolean flag(Context ctx, String name, boolean dflt) {
        JsonNode v = ctx.params().get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        return v.isBoolean() ? v.asBoolean() : "true".equals(v.asText());
    }

    private Object list(Context ctx) {
        boolean onlyAvailable = flag(ctx, "onlyAvailable", false);
        boolean withServices = flag(ctx, "withServices", false);
        ArrayNode out = Json.nodes().arrayNode();
        registry.localInfo();
        for (NodeEntry n : registry.nodes()) {
            if (!onlyAvailable || n.available()) {
                out.add(n.toJson(withServices));
            }
        }
        return out;
    }

    private Object services(Context ctx) {
        boolean onlyLocal = flag(ctx, "onlyLocal", false);
        boolean skipInternal = flag(ctx, "skipInternal", false);
        boolean withActions = flag(ctx, "withActions", false);
        boolean withEvents = flag(ctx, "withEvents", false);
        boolean grouping = flag(ctx, "grouping", true);
        Map<String, ObjectNode> grouped = new LinkedHashMap<>();
        ArrayNode out = Json.nodes().arrayNode();
        for (ServiceEntry s : registry.catalog().services()) {
            if ((skipInternal && s.name().startsWith("$"))
                    || (onlyLocal && !s.node().local())) {
                continue;
            }
            ObjectNode existing = grouping ? grouped.get(s.fullName()) : null;
            if (existing != null) {
                ((ArrayNode) existing.get("nodes")).add(s.node().id());
                continue;
            }
            ObjectNode item = Json.object();
            item.put("name", s.name());
            if (s.definition().has("version") && !s.definition().get("version").isNull()) {
                item.set("version", s.definition().get("version"));
            }
            item.put("fullName", s.fullName());
            item.set(
                    "settings",
                    s.definition().path("settings").isObject() ? s.definition().get("settings") : Json.object());
            item.set(
                    "metadata",
                    s.definition().path("metadata").isObject() ? s.definition().get("metadata") : Json.object());
            item.put("local", s.node().local());
            item.put("available", s.node().available());
            if (grouping) {
                item.putArray("nodes").add(s.node().id());
                grouped.put(s.fullName(), item);
            } else {
                item.put("nodeID", s.node().id());
            }
            if (withActions) {
                item.set(
                        "actions",
                        s.definition().path("actions").isObject()
                                ? s.definition().get("actions")
                                : Json.object());
            }
            if (withEvents) {
                ObjectNode events = Json.object();
                s.definition().path("events").fields().forEachRemaining(e -> {
                    if (!e.getKey().startsWith("$")) {
                        events.set(e.getKey(), e.getValue());
                    }
                });
                item.set("events", events);
            }
            out.add(item);
        }
        return out;
    }

    private Object actions(Context ctx) {
        boolean onlyLocal = flag(ctx, "onlyLocal", false);
        boolean skipInternal = flag(ctx, "skipInternal", false);
        boolean withEndpoints = flag(ctx, "withEndpoints", false);
        ArrayNode out = Json.nodes().arrayNode();
        var catalog = registry.catalog();
        List<Map.Entry<String, EndpointList<ActionEndpoint>>> entries =
                new ArrayList<>(catalog.actions().entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (var entry : entries) {
            String name = entry.getKey();
            EndpointList<ActionEndpoint> list = entry.getValue();
            if ((skipInternal && name.startsWith("$")) || (onlyLocal && !list.hasLocal())) {
                continue;
            }
            ObjectNode item = Json.object();
            item.put("name", name);
            item.put("count", list.all().size());
            item.put("hasLocal", list.hasLocal());
            item.put("available", !list.all().isEmpty());
            if (!list.all().isEmpty()) {
                item.set("action", list.all().get(0).definition());
            }
            if (withEndpoints) {
                item.set("endpoints", endpoints(list.all()));
            }
            out.add(item);
        }
        return out;
    }

    private Object events(Context ctx) {
        boolean onlyLocal = flag(ctx, "onlyLocal", false);
        boolean skipInternal = flag(ctx, "skipInternal", false);
        boolean withEndpoints = flag(ctx, "withEndpoints", false);
        ArrayNode out = Json.nodes().arrayNode();
        for (EventGroup g : registry.catalog().events()) {
            if ((skipInternal && g.event().startsWith("$"))
                    || (onlyLocal && !g.endpoints().hasLocal())) {
                continue;
            }
            ObjectNode item = Json.object();
            item.put("name", g.event());
            item.put("group", g.group());
            item.put("count", g.endpoints().all().size());
            item.put("hasLocal", g.endpoints().hasLocal());
            item.put("available", !g.endpoints().all().isEmpty());
            item.set("event", g.definition());
            if (withEndpoints) {
                item.set("endpoints", endpoints(g.endpoints().all()));
            }
            out.add(item);
        }
        return out;
    }

    private static ArrayNode endpoints(List<? extends Endpoint> list) {
        ArrayNode eps = Json.nodes().arrayNode();
        for (Endpoint e : list) {
            eps.addObject().put("nodeID", e.nodeId()).put("state", true).put("available", true);
        }
        return eps;
    }

    private ObjectNode options() {
        ObjectNode o = Json.object();
        o.put("nodeID", options.nodeId());
        o.put("namespace", options.namespace());
        o.put("transporter", transporterName);
        o.put("serializer", serializerName);
        o.put("requestTimeout", options.requestTimeout().toMillis());
        ObjectNode retry = o.putObject("retryPolicy");
        retry.put("enabled", options.retryPolicy().retries() > 0);
        retry.put("retries", options.retryPolicy().retries());
        retry.put("delay", options.retryPolicy().delay().toMillis());
        retry.put("maxDelay", options.retryPolicy().maxDelay().toMillis());
        retry.put("factor", options.retryPolicy().factor());
        var breaker = options.circuitBreaker();
        o.putObject("circuitBreaker")
                .put("enabled", breaker.enabled())
                .put("threshold", breaker.threshold())
                .put("windowTime", breaker.windowTime().toMillis() / 1000.0)
                .put("minRequestCount", breaker.minRequestCount())
                .put("halfOpenTime", breaker.halfOpenTime().toMillis());
        o.putObject("bulkhead")
                .put("enabled", options.bulkhead().enabled())
                .put("concurrency", options.bulkhead().concurrency())
                .put("maxQueueSize", options.bulkhead().maxQueueSize());
        var names = o.putArray("middlewares");
        options.middlewares().forEach(m -> names.add(m.name()));
        o.put("maxCallLevel", options.maxCallLevel());
        o.put("heartbeatInterval", options.heartbeatInterval().toMillis() / 1000.0);
        o.put("heartbeatTimeout", options.heartbeatTimeout().toMillis() / 1000.0);
        o.put("offlineNodeTimeout", options.offlineNodeTimeout().toMillis() / 1000.0);
        o.put("disableBalancer", options.disableBalancer());
        o.put("gracefulStopTimeout", options.gracefulStopTimeout().toMillis());
        ObjectNode reg = o.putObject("registry");
        reg.put("strategy", options.strategy().getClass().getSimpleName().replace("Strategy", ""));
        reg.put("preferLocal", options.preferLocal());
        reg.put("discoverer", "Local");
        o.set("metadata", Json.objectTree(options.metadata()));
        return o;
    }
}
