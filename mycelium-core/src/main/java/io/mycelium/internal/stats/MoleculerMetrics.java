package io.mycelium.internal.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.internal.util.Json;
import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.BrokerStatistics;
import io.mycelium.stats.EmitStatistics;
import io.mycelium.stats.ErrorCount;
import io.mycelium.stats.EventStatistics;
import io.mycelium.stats.Latency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link BrokerStatistics} snapshot as Moleculer 0.15's {@code $node.metrics} answers: a list of
 * {@code {type, name, description, labelNames, unit, values: [...]}}, with Moleculer's metric names and
 * labels, so that Moleculer tools read a Java node like a Node.js one. Counters and gauges give {@code
 * {key, value, labels, timestamp}}; the {@code moleculer.request.time} and {@code
 * moleculer.event.received.time} histograms give {@code {key, labels, count, sum, timestamp, min, mean,
 * max, quantiles}} in milliseconds (no fixed {@code buckets}: ours are log-linear and finer). The
 * {@code caller} label is always empty: calls are not counted per calling service.
 */
public final class MoleculerMetrics {
    private MoleculerMetrics() {}

    private static final List<String> REQUEST_LABELS = List.of("service", "action", "type", "caller");
    private static final List<String> ERROR_LABELS =
            List.of("service", "action", "type", "caller", "errorName", "errorCode", "errorType");
    private static final List<String> EVENT_LABELS = List.of("service", "group", "event", "caller");
    private static final List<String> EVENT_ERROR_LABELS =
            List.of("service", "group", "event", "caller", "errorName", "errorCode", "errorType");
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

    /** One metric being built: its header and its values. */
    private record Metric(
            String type, String name, String description, List<String> labelNames, String unit, ArrayNode values) {
        static Metric of(String type, String name, String description, List<String> labels, String unit) {
            return new Metric(
                    type, name, description, labels, unit, Json.nodes().arrayNode());
        }

        ObjectNode add(Map<String, Object> labels, long timestamp) {
            ObjectNode v = values.addObject();
            v.put("key", key(labels));
            v.set("labels", Json.objectTree(labels));
            v.put("timestamp", timestamp);
            return v;
        }

        void counter(Map<String, Object> labels, long value, long timestamp) {
            add(labels, timestamp).put("value", value);
        }

        /** Moleculer's label hash: strings quoted, numbers bare, missing ones empty, joined by {@code |}. */
        private String key(Map<String, Object> labels) {
            List<String> parts = new ArrayList<>();
            for (String n : labelNames) {
                Object v = labels.get(n);
                parts.add(v instanceof Number ? v.toString() : v instanceof String s ? "\"" + s + "\"" : "");
            }
            return String.join("|", parts);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("type", type).put("name", name).put("description", description);
            ArrayNode l = o.putArray("labelNames");
            labelNames.forEach(l::add);
            if (!unit.isEmpty()) {
                o.put("unit", unit);
            }
            o.set("values", values);
            return o;
        }
    }

    /**
     * The metrics whose name passes {@code nameFilter} and whose type is in {@code types} (all when empty),
     * as {@code MetricRegistry.list()} gives them.
     */
    public static ArrayNode list(
            BrokerStatistics s, boolean transitConnected, List<String> types, Predicate<String> nameFilter) {
        long ts = s.takenAt().toEpochMilli();
        List<Metric> all = new ArrayList<>();
        Metric total = Metric.of("counter", "moleculer.request.total", "Number of requests", REQUEST_LABELS, "request");
        Metric active =
                Metric.of("gauge", "moleculer.request.active", "Number of active requests", REQUEST_LABELS, "request");
        Metric errors = Metric.of(
                "counter", "moleculer.request.error.total", "Number of request errors", ERROR_LABELS, "request");
        Metric time = Metric.of("histogram", "moleculer.request.time", "Request times", REQUEST_LABELS, "millisecond");
        for (ActionStatistics a : s.actions()) {
            Map<String, Object> labels = labels(
                    "service",
                    a.service(),
                    "action",
                    a.action(),
                    "type",
                    a.side().label());
            total.counter(labels, a.calls(), ts);
            active.counter(labels, a.inFlight(), ts);
            for (ErrorCount e : a.errorsByType()) {
                errors.counter(errorLabels(labels, e), e.count(), ts);
            }
            histogram(time.add(labels, ts), a.latency());
        }
        all.addAll(List.of(total, active, errors, time));

        Metric emit = Metric.of(
                "counter",
                "moleculer.event.emit.total",
                "Number of emitted events",
                List.of("event", "groups"),
                "event");
        Metric broadcast = Metric.of(
                "counter",
                "moleculer.event.broadcast.total",
                "Number of broadcast events",
                List.of("event", "groups"),
                "event");
        Metric local = Metric.of(
                "counter",
                "moleculer.event.broadcast-local.total",
                "Number of local broadcast events",
                List.of("event", "groups"),
                "event");
        for (EmitStatistics e : s.emits()) {
            Map<String, Object> labels = labels("event", e.event());
            if (e.emitted() > 0) {
                emit.counter(labels, e.emitted(), ts);
            }
            if (e.broadcast() > 0) {
                broadcast.counter(labels, e.broadcast(), ts);
            }
            if (e.broadcastLocal() > 0) {
                local.counter(labels, e.broadcastLocal(), ts);
            }
        }
        all.addAll(List.of(emit, broadcast, local));

        Metric received = Metric.of(
                "counter", "moleculer.event.received.total", "Number of received events", EVENT_LABELS, "event");
        Metric receivedActive = Metric.of(
                "gauge", "moleculer.event.received.active", "Number of active event executions", EVENT_LABELS, "event");
        Metric receivedErrors = Metric.of(
                "counter",
                "moleculer.event.received.error.total",
                "Number of event execution errors",
                EVENT_ERROR_LABELS,
                "event");
        Metric receivedTime = Metric.of(
                "histogram", "moleculer.event.received.time", "Execution time of events", EVENT_LABELS, "millisecond");
        for (EventStatistics e : s.events()) {
            Map<String, Object> labels = labels("service", e.service(), "group", e.group(), "event", e.event());
            received.counter(labels, e.received(), ts);
            receivedActive.counter(labels, e.inFlight(), ts);
            for (ErrorCount err : e.errorsByType()) {
                receivedErrors.counter(errorLabels(labels, err), err.count(), ts);
            }
            histogram(receivedTime.add(labels, ts), e.latency());
        }
        all.addAll(List.of(received, receivedActive, receivedErrors, receivedTime));

        Metric publish = Metric.of(
                "counter", "moleculer.transit.publish.total", "Number of published packets", List.of("type"), "packet");
        s.transport().sentByType().forEach((type, n) -> publish.counter(labels("type", type), n, ts));
        Metric receive = Metric.of(
                "counter", "moleculer.transit.receive.total", "Number of received packets", List.of("type"), "packet");
        s.transport().receivedByType().forEach((type, n) -> receive.counter(labels("type", type), n, ts));
        Metric connected = Metric.of("gauge", "moleculer.transit.connected", "Transit is connected", List.of(), "");
        connected.counter(Map.of(), transitConnected ? 1 : 0, ts);
        Metric requestsActive = Metric.of(
                "gauge", "moleculer.transit.requests.active", "Number of active requests", List.of(), "request");
        requestsActive.counter(
                Map.of(),
                s.actions().stream()
                        .filter(a -> a.side() == io.mycelium.stats.CallSide.REMOTE)
                        .mapToLong(ActionStatistics::inFlight)
                        .sum(),
                ts);
        Metric sent = Metric.of(
                "counter", "moleculer.transporter.packets.sent.total", "Number of sent packets", List.of(), "packet");
        sent.counter(Map.of(), s.transport().packetsSent(), ts);
        Metric sentBytes = Metric.of(
                "counter", "moleculer.transporter.packets.sent.bytes", "Amount of total bytes sent", List.of(), "byte");
        sentBytes.counter(Map.of(), s.transport().bytesSent(), ts);
        Metric got = Metric.of(
                "counter",
                "moleculer.transporter.packets.received.total",
                "Number of received packets",
                List.of(),
                "packet");
        got.counter(Map.of(), s.transport().packetsReceived(), ts);
        Metric gotBytes = Metric.of(
                "counter",
                "moleculer.transporter.packets.received.bytes",
                "Amount of total bytes received",
                List.of(),
                "byte");
        gotBytes.counter(Map.of(), s.transport().bytesReceived(), ts);
        all.addAll(List.of(publish, receive, connected, requestsActive, sent, sentBytes, got, gotBytes));

        ArrayNode out = Json.nodes().arrayNode();
        for (Metric m : all) {
            if ((types.isEmpty() || types.contains(m.type())) && nameFilter.test(m.name())) {
                out.add(m.toJson());
            }
        }
        return out;
    }

    private static void histogram(ObjectNode v, Latency l) {
        v.put("count", l.count());
        v.put("sum", l.mean() * l.count());
        if (l.count() == 0) {
            v.putNull("min").putNull("mean").putNull("max");
        } else {
            v.put("min", l.min()).put("mean", l.mean()).put("max", l.max());
        }
        ObjectNode q = v.putObject("quantiles");
        double[] values = {l.p50(), l.p90(), l.p95(), l.p99(), l.p999()};
        for (int i = 0; i < QUANTILES.length; i++) {
            if (l.count() == 0) {
                q.putNull(Double.toString(QUANTILES[i]));
            } else {
                q.put(Double.toString(QUANTILES[i]), values[i]);
            }
        }
    }

    private static Map<String, Object> errorLabels(Map<String, Object> base, ErrorCount e) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put("errorName", e.name());
        m.put("errorCode", e.code());
        m.put("errorType", e.type());
        return m;
    }

    /** Label pairs in order. A label with no value (the caller) is left out, as Moleculer's {@code pick} leaves out undefined. */
    private static Map<String, Object> labels(String... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Moleculer's glob match for {@code includes}/{@code excludes}: {@code *} within a segment, {@code **} across. */
    public static boolean matches(String name, String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^.]*");
                }
            } else if (c == '?') {
                re.append(".");
            } else {
                re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(re.toString());
    }
}
