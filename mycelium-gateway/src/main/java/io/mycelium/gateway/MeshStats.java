package io.mycelium.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import io.mycelium.ServiceBroker;
import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.CallSide;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-action figures for the mesh page: calls handled, calls/s, p50/p99 (ms, the last 30 to 60 s) and in
 * flight, summed over the nodes that serve the action. This node's come from {@code broker.statistics()},
 * other nodes' from their {@code $node.metrics} (Moleculer's shape, so Moleculer nodes with metrics on count
 * too; a node that does not answer within a second is left out). Calls/s is the change of a node's counter
 * between two readings at least a second apart. Thread-safe.
 */
final class MeshStats {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long MIN_RATE_INTERVAL_NANOS = 1_000_000_000L;
    private static final Map<String, Object> REQUEST_METRICS = Map.of("includes", "moleculer.request.**");

    /** One action's figures on one node. */
    record Figures(long calls, long inFlight, double p50, double p99, long timed) {}

    /** The last counter reading of one action on one node and the rate it gave. */
    private record Reading(long calls, long nanos, double rate) {}

    private final ServiceBroker broker;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    MeshStats(ServiceBroker broker) {
        this.broker = broker;
    }

    /** The figures of every action handled on {@code nodeId}, by action name; empty when unknown. */
    CompletableFuture<Map<String, Figures>> of(String nodeId, boolean local) {
        if (local) {
            Map<String, Figures> out = new HashMap<>();
            for (ActionStatistics a : broker.statistics().actions()) {
                if (a.side() == CallSide.HANDLED) {
                    out.put(
                            a.action(),
                            new Figures(
                                    a.calls(),
                                    a.inFlight(),
                                    a.latency().p50(),
                                    a.latency().p99(),
                                    a.latency().count()));
                }
            }
            return CompletableFuture.completedFuture(out);
        }
        try {
            return broker.call(
                            "$node.metrics",
                            REQUEST_METRICS,
                            CallOptions.builder()
                                    .nodeId(nodeId)
                                    .timeout(TIMEOUT)
                                    .build())
                    .thenApply(MeshStats::parse)
                    .exceptionally(e -> Map.of());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Map.of());
        }
    }

    /** Moleculer's {@code moleculer.request.*} metrics, {@code type="local"} (handled there) only. */
    static Map<String, Figures> parse(JsonNode metrics) {
        Map<String, long[]> counts = new HashMap<>(); // calls, in flight, timed
        Map<String, double[]> times = new HashMap<>();
        for (JsonNode m : metrics) {
            String name = m.path("name").asText();
            for (JsonNode v : m.path("values")) {
                JsonNode labels = v.path("labels");
                if (!labels.path("type").asText("local").equals("local")) {
                    continue;
                }
                String action = labels.path("action").asText("");
                if (action.isEmpty()) {
                    continue;
                }
                long[] c = counts.computeIfAbsent(action, k -> new long[3]);
                switch (name) {
                    case "moleculer.request.total" -> c[0] += v.path("value").asLong();
                    case "moleculer.request.active" -> c[1] += v.path("value").asLong();
                    case "moleculer.request.time" -> {
                        c[2] += v.path("count").asLong();
                        JsonNode q = v.path("quantiles");
                        if (q.path("0.5").isNumber()) {
                            times.put(action, new double[] {
                                q.path("0.5").asDouble(), q.path("0.99").asDouble()
                            });
                        }
                    }
                    default -> {}
                }
            }
        }
        Map<String, Figures> out = new HashMap<>();
        counts.forEach((action, c) -> {
            double[] t = times.getOrDefault(action, new double[2]);
            out.put(action, new Figures(c[0], c[1], t[0], t[1], c[2]));
        });
        return out;
    }

    /**
     * Sums {@code perNode} (node id → its figures) into one object per action: {@code {calls, rate, p50, p99,
     * inFlight}}; latencies are the slowest node's.
     */
    Map<String, ObjectNode> combine(Map<String, Map<String, Figures>> perNode) {
        long now = System.nanoTime();
        Map<String, ObjectNode> out = new HashMap<>();
        List<String> seen = new ArrayList<>();
        perNode.forEach((node, actions) -> actions.forEach((action, f) -> {
            String key = node + "\u0000" + action;
            seen.add(key);
            double rate = rate(key, f.calls(), now);
            ObjectNode s = out.computeIfAbsent(action, k -> Json.object()
                    .put("calls", 0L)
                    .put("rate", 0.0)
                    .put("inFlight", 0L)
                    .put("p50", 0.0)
                    .put("p99", 0.0));
            s.put("calls", s.get("calls").asLong() + f.calls());
            s.put("rate", round(s.get("rate").asDouble() + rate));
            s.put("inFlight", s.get("inFlight").asLong() + f.inFlight());
            if (f.timed() > 0) {
                s.put("p50", round(Math.max(s.get("p50").asDouble(), f.p50())));
                s.put("p99", round(Math.max(s.get("p99").asDouble(), f.p99())));
            }
        }));
        readings.keySet().retainAll(seen); // nodes and actions that went away
        return out;
    }

    private double rate(String key, long calls, long now) {
        Reading r = readings.get(key);
        if (r == null) {
            readings.put(key, new Reading(calls, now, 0));
            return 0;
        }
        if (now - r.nanos() < MIN_RATE_INTERVAL_NANOS) {
            return r.rate(); // too close to the last reading for a steady figure
        }
        double rate = Math.max(0, calls - r.calls()) * 1e9 / (now - r.nanos());
        readings.put(key, new Reading(calls, now, rate));
        return rate;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
