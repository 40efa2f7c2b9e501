package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.ServiceBroker;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh as the page shows it (nodes, services, their actions and events, who serves what), pushed to the
 * page's WebSockets whenever it changes: the broker's {@code $node.connected}/{@code disconnected} and
 * {@code $services.changed} events ask for a refresh at once, a timer every 2 s catches the rest (CPU, and
 * the per-action calls/s, latency and in-flight figures of {@link MeshStats}).
 * A snapshot is sent only when it differs from the last one; a watcher that does not keep up misses
 * intermediate snapshots, never the latest. At most {@code MAX_WATCHERS} pages at once. Thread-safe.
 */
final class MeshView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeshView.class);
    static final String FEED_PATH = "/$mesh";
    private static final int MAX_WATCHERS = 64;
    private static final long DEBOUNCE_MILLIS = 20;
    private static final long PERIOD_MILLIS = 2_000;

    private final ServiceBroker broker;
    private final Patterns allowed;
    private final MeshStats stats;
    private final Set<Channel> watchers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mycelium-gateway-mesh");
        t.setDaemon(true);
        return t;
    });
    private volatile String last = "";

    MeshView(ServiceBroker broker, Patterns allowed) {
        this.broker = broker;
        this.allowed = allowed;
        this.stats = new MeshStats(broker);
        timer.scheduleWithFixedDelay(this::changed, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Something in the mesh changed: refresh soon (several changes in a row make one refresh). */
    void changed() {
        if (!watchers.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::refresh, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false); // closed
            }
        }
    }

    /**
     * A page's WebSocket, just upgraded: it gets the last snapshot sent, then every change. A fresh one comes
     * from the debounced refresh, not from this page: a snapshot asks every node for its metrics, and pages
     * opened in a burst must not multiply those calls.
     */
    void watch(Channel ch) {
        if (watchers.size() >= MAX_WATCHERS) {
            ch.close();
            return;
        }
        watchers.add(ch);
        ch.closeFuture().addListener(f -> watchers.remove(ch));
        String known = last;
        if (!known.isEmpty()) {
            send(ch, known);
        }
        changed();
    }

    private void refresh() {
        scheduled.set(false);
        if (watchers.isEmpty()) {
            return;
        }
        snapshot().thenAccept(s -> {
            String text = Json.write(s);
            if (!text.equals(last)) {
                last = text;
                watchers.forEach(ch -> send(ch, text));
            }
        });
    }

    private static void send(Channel ch, String text) {
        if (ch.isActive() && ch.isWritable()) {
            ch.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /** The mesh now: {@code {gateway, nodes:[...], down:[...], services:[...]}}. */
    CompletableFuture<ObjectNode> snapshot() {
        return broker.call("$node.list", Json.object().put("withServices", true))
                .thenCompose(list -> figures(list).thenApply(f -> build(list, f)))
                .exceptionally(e -> {
                    LOG.debug("No mesh snapshot: {}", e.toString());
                    return Json.object().put("gateway", broker.nodeId()).put("error", String.valueOf(e.getMessage()));
                });
    }

    /** The per-action figures of every available node, combined per action. */
    private CompletableFuture<Map<String, ObjectNode>> figures(JsonNode list) {
        Map<String, CompletableFuture<Map<String, MeshStats.Figures>>> perNode = new TreeMap<>();
        for (JsonNode n : list) {
            if (n.path("available").asBoolean()) {
                perNode.put(
                        n.path("id").asText(),
                        stats.of(n.path("id").asText(), n.path("local").asBoolean()));
            }
        }
        return CompletableFuture.allOf(perNode.values().toArray(CompletableFuture[]::new))
                .thenApply(x -> {
                    Map<String, Map<String, MeshStats.Figures>> done = new TreeMap<>();
                    perNode.forEach((id, f) -> done.put(id, f.join()));
                    return stats.combine(done);
                });
    }

    private ObjectNode build(JsonNode list, Map<String, ObjectNode> figures) {
        ObjectNode out = Json.object();
        out.put("gateway", broker.nodeId());
        ArrayNode nodes = out.putArray("nodes");
        ArrayNode down = out.putArray("down");
        Map<String, ObjectNode> services = new TreeMap<>();
        List<JsonNode> sorted = new ArrayList<>();
        list.forEach(sorted::add);
        sorted.sort(Comparator.comparing(n -> n.path("id").asText()));
        for (JsonNode n : sorted) {
            String id = n.path("id").asText();
            if (!n.path("available").asBoolean()) {
                down.addObject().put("id", id);
                continue;
            }
            ObjectNode node = nodes.addObject();
            node.put("id", id);
            node.put("local", n.path("local").asBoolean());
            node.put("type", n.path("client").path("type").asText(""));
            node.put("version", n.path("client").path("version").asText(""));
            node.put("langVersion", n.path("client").path("langVersion").asText(""));
            node.put("hostname", n.path("hostname").asText(""));
            node.set("cpu", n.path("cpu").isNumber() ? n.get("cpu") : Json.tree(null));
            for (JsonNode s : n.path("services")) {
                String name = s.path("fullName").asText(s.path("name").asText());
                if (name.startsWith("$")) {
                    continue;
                }
                ObjectNode svc = services.computeIfAbsent(name, k -> newService(k, s, figures));
                ((ArrayNode) svc.get("nodes")).add(id);
            }
        }
        ArrayNode svcs = out.putArray("services");
        services.values().forEach(svcs::add);
        return out;
    }

    private ObjectNode newService(String name, JsonNode s, Map<String, ObjectNode> figures) {
        ObjectNode svc = Json.object();
        svc.put("name", name);
        svc.putArray("nodes");
        ArrayNode actions = svc.putArray("actions");
        s.path("actions").fields().forEachRemaining(e -> {
            String action = e.getValue().path("name").asText(e.getKey());
            ObjectNode a = actions.addObject();
            a.put("name", action);
            a.put("allowed", !action.startsWith("$") && allowed.matches(action));
            ObjectNode f = figures.get(action);
            if (f != null) {
                a.set("stats", f);
            }
            JsonNode params = e.getValue().path("params");
            if (params.isObject()) {
                a.set("params", params);
            }
        });
        ArrayNode events = svc.putArray("events");
        s.path("events")
                .fields()
                .forEachRemaining(e -> events.add(e.getValue().path("name").asText(e.getKey())));
        return svc;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        watchers.forEach(Channel::close);
    }
}
