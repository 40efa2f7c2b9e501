package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.benchmarks.Metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Turns the figures of a run into the Markdown tables and the JSON document. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Which Mycelium row is compared with which peers. */
    static final List<Comparison> COMPARISONS = List.of(
            new Comparison("mycelium-tcp-json", "raw-tcp"),
            new Comparison("mycelium-tcp-json", "grpc"),
            new Comparison("mycelium-tcp-json", "grpc-direct"),
            new Comparison("mycelium-tcp-json", "moleculer-tcp"),
            new Comparison("mycelium-tcp-msgpack", "raw-tcp"),
            new Comparison("mycelium-tcp-msgpack", "grpc"),
            new Comparison("mycelium-tcp-msgpack", "moleculer-tcp"),
            new Comparison("mycelium-nats-json", "jnats"),
            new Comparison("mycelium-nats-json", "moleculer-nats"),
            new Comparison(HttpBench.MYCELIUM, HttpBench.MOLECULER_WEB));

    /** The targets: the ratio of a Mycelium metric to a peer's, and the bound it should meet. */
    static final List<Target> TARGETS = List.of(
            new Target(
                    "mycelium-tcp-json", "raw-tcp", Metric.LATENCY_P50_US, 2.0, "median within 2× the raw TCP floor"),
            new Target("mycelium-tcp-json", "grpc", Metric.CALLS_SMALL, 2.0, "throughput ≥ 2× gRPC-java unary (100 B)"),
            new Target(
                    "mycelium-tcp-json", "grpc", Metric.CALLS_LARGE, 2.0, "throughput ≥ 2× gRPC-java unary (16 KiB)"),
            new Target(
                    "mycelium-tcp-json",
                    "grpc-direct",
                    Metric.CALLS_SMALL,
                    2.0,
                    "throughput ≥ 2× gRPC-java unary, directExecutor (100 B)"),
            new Target(
                    "mycelium-nats-json", "jnats", Metric.CALLS_SMALL, 0.8, "over NATS ≥ 0.8× raw jnats (100 B calls)"),
            new Target("mycelium-nats-json", "jnats", Metric.EVENTS, 0.8, "over NATS ≥ 0.8× raw jnats (events)"),
            new Target(
                    "mycelium-tcp-json",
                    "moleculer-tcp",
                    Metric.CALLS_SMALL,
                    3.0,
                    "≥ 3× Moleculer over TCP (100 B calls)"),
            new Target(
                    "mycelium-nats-json",
                    "moleculer-nats",
                    Metric.CALLS_SMALL,
                    3.0,
                    "≥ 3× Moleculer over NATS (100 B calls)"),
            new Target(
                    HttpBench.MYCELIUM,
                    HttpBench.MOLECULER_WEB,
                    Metric.CALLS_SMALL,
                    2.0,
                    "HTTP gateway ≥ 2× moleculer-web (100 B calls, issue 17)"));

    private final Map<String, String> machine;
    private final Settings settings;
    private final List<Metrics> systems;
    private final List<JmhFigure> jmh;
    private final Optional<GatewayBench.Figures> gateway;

    Report(
            Map<String, String> machine,
            Settings settings,
            List<Metrics> systems,
            List<JmhFigure> jmh,
            Optional<GatewayBench.Figures> gateway) {
        this.machine = machine;
        this.settings = settings;
        this.systems = systems;
        this.jmh = jmh;
        this.gateway = gateway;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Machine\n\n");
        machine.forEach(
                (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("- settings: ").append(settingsLine()).append("\n\n");

        md.append("### Absolute figures\n\n| system | what |");
        for (Metric m : Metric.values()) {
            md.append(' ').append(m.label).append(" |");
        }
        md.append("\n|---|---|");
        md.append("---:|".repeat(Metric.values().length)).append('\n');
        for (Metrics s : systems) {
            md.append("| ")
                    .append(s.system())
                    .append(" | ")
                    .append(s.description())
                    .append(" |");
            Map<Metric, Double> v = s.values();
            for (Metric m : Metric.values()) {
                md.append(' ').append(v.containsKey(m) ? number(v.get(m)) : "—").append(" |");
            }
            md.append('\n');
        }

        md.append("\n### Mycelium ÷ peer\n\n")
                .append("Latency: below 1 means Mycelium is faster. Throughput: above 1 means Mycelium is faster.\n\n")
                .append("| Mycelium | peer |");
        for (Metric m : Metric.values()) {
            md.append(' ').append(m.label).append(" |");
        }
        md.append("\n|---|---|").append("---:|".repeat(Metric.values().length)).append('\n');
        for (Comparison c : COMPARISONS) {
            if (find(c.mycelium()).isEmpty() || find(c.peer()).isEmpty()) {
                continue;
            }
            md.append("| ").append(c.mycelium()).append(" | ").append(c.peer()).append(" |");
            for (Metric m : Metric.values()) {
                md.append(' ')
                        .append(ratio(c.mycelium(), c.peer(), m)
                                .map(Report::ratioText)
                                .orElse("—"))
                        .append(" |");
            }
            md.append('\n');
        }

        md.append("\n### Targets of issue 7\n\n| target | ratio | met |\n|---|---:|---|\n");
        for (Target t : TARGETS) {
            Optional<Double> r = ratio(t.mycelium(), t.peer(), t.metric());
            md.append("| ")
                    .append(t.text())
                    .append(" | ")
                    .append(r.map(Report::ratioText).orElse("—"))
                    .append(" | ")
                    .append(r.map(x -> t.met(x) ? "yes" : "no").orElse("—"))
                    .append(" |\n");
        }

        List<Metrics> http = systems.stream()
                .filter(s -> s.system().equals(HttpBench.MYCELIUM) || s.system().equals(HttpBench.MOLECULER_WEB))
                .toList();
        if (!http.isEmpty()) {
            md.append("\n### HTTP API (issue 17)\n\n")
                    .append(
                            "`POST /api/bench/echo` with the same JSON body to the same action, on Mycelium's gateway and")
                    .append(" on moleculer-web, from one load generator in the benchmark JVM (raw sockets, HTTP/1.1")
                    .append(" keep-alive, one request at a time per connection, every request timed).\n\n")
                    .append(
                            "| system | connections | calls/s 100 B | p50 µs | p99 µs | calls/s 16 KiB | p50 µs | p99 µs |")
                    .append(" p50 µs, 1 connection | p99 µs, 1 connection | server CPU µs/call 100 B | 16 KiB |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Metrics s : http) {
                Map<Metric, Double> v = s.values();
                Map<String, Object> d = s.details();
                md.append("| ").append(s.system()).append(" | ").append(settings.inFlight());
                md.append(" | ").append(cell(v.get(Metric.CALLS_SMALL)));
                md.append(" | ").append(cell(d.get("loaded_p50_us_100b")));
                md.append(" | ").append(cell(d.get("loaded_p99_us_100b")));
                md.append(" | ").append(cell(v.get(Metric.CALLS_LARGE)));
                md.append(" | ").append(cell(d.get("loaded_p50_us_16kib")));
                md.append(" | ").append(cell(d.get("loaded_p99_us_16kib")));
                md.append(" | ").append(cell(v.get(Metric.LATENCY_P50_US)));
                md.append(" | ").append(cell(v.get(Metric.LATENCY_P99_US)));
                md.append(" | ").append(cell(d.get("server_cpu_us_per_call_100b")));
                md.append(" | ").append(cell(d.get("server_cpu_us_per_call_16kib")));
                md.append(" |\n");
            }
        }

        gateway.ifPresent(g -> md.append(String.format(
                Locale.ROOT,
                "\n### Gateway (issue 14)\n\n"
                        + "A Mycelium node with a WebSocket gateway in the benchmark JVM, `bench.echo` on another node (the"
                        + " peer JVM, TCP), WebSocket clients speaking amqp-swarm's protocol from one Node process (`ws`).\n\n"
                        + "| figure | value | aim |\n|---|---:|---|\n"
                        + "| requests/s, %d clients × %d in flight, 110 B payload | %s | ≥ 50,000 |\n"
                        + "| heap held per idle connected client (%s clients, used heap after GC) | %s KiB | ≤ 10 KiB |\n",
                GatewayBench.CLIENTS,
                GatewayBench.WINDOW,
                number(g.requestsPerSecond()) + (g.failedRequests() > 0 ? " (" + g.failedRequests() + " failed)" : ""),
                String.format(Locale.ROOT, "%,d", g.idleClients()),
                number(g.heapPerIdleClientKiB()))));

        if (!jmh.isEmpty()) {
            md.append(
                    "\n### JMH (1 fork, 10×1 s warm-up, 5×1 s measurement)\n\n| benchmark | params | score | error | unit |\n|---|---|---:|---:|---|\n");
            for (JmhFigure f : jmh) {
                md.append("| ")
                        .append(f.benchmark())
                        .append(" | ")
                        .append(f.params())
                        .append(" | ")
                        .append(number(f.score()))
                        .append(" | ± ")
                        .append(number(f.error()))
                        .append(" | ")
                        .append(f.unit())
                        .append(" |\n");
            }
        }

        List<String> problems = new ArrayList<>();
        for (Metrics s : systems) {
            s.errors().forEach(e -> problems.add(s.system() + ": " + e));
        }
        gateway.ifPresent(g -> g.errors().forEach(e -> problems.add(BenchMain.GATEWAY + ": " + e)));
        if (!problems.isEmpty()) {
            md.append("\n### Errors in this run\n\n");
            problems.forEach(p -> md.append("- ").append(p).append('\n'));
        }
        return md.toString();
    }

    String json() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        root.set("settings", settings.toJson());
        ArrayNode arr = root.putArray("systems");
        for (Metrics s : systems) {
            ObjectNode n = arr.addObject();
            n.put("system", s.system());
            n.put("description", s.description());
            ObjectNode metrics = n.putObject("metrics");
            s.values().forEach((k, v) -> metrics.put(k.key, v));
            n.set("details", JSON.valueToTree(s.details()));
            ArrayNode errors = n.putArray("errors");
            s.errors().forEach(errors::add);
        }
        ArrayNode ratios = root.putArray("ratios");
        for (Comparison c : COMPARISONS) {
            ObjectNode n = JSON.createObjectNode();
            n.put("mycelium", c.mycelium());
            n.put("peer", c.peer());
            ObjectNode values = n.putObject("metrics");
            for (Metric metric : Metric.values()) {
                ratio(c.mycelium(), c.peer(), metric).ifPresent(r -> values.put(metric.key, r));
            }
            if (!values.isEmpty()) {
                ratios.add(n);
            }
        }
        ArrayNode targets = root.putArray("targets");
        for (Target t : TARGETS) {
            ObjectNode n = targets.addObject();
            n.put("target", t.text());
            ratio(t.mycelium(), t.peer(), t.metric())
                    .ifPresent(r -> n.put("ratio", r).put("met", t.met(r)));
        }
        gateway.ifPresent(g -> {
            ObjectNode n = root.putObject("gateway");
            n.put("clients", GatewayBench.CLIENTS)
                    .put("in_flight_per_client", GatewayBench.WINDOW)
                    .put("requests_per_s", g.requestsPerSecond())
                    .put("failed_requests", g.failedRequests())
                    .put("idle_clients", g.idleClients())
                    .put("heap_per_idle_client_kib", g.heapPerIdleClientKiB());
            ArrayNode errors = n.putArray("errors");
            g.errors().forEach(errors::add);
        });
        ArrayNode j = root.putArray("jmh");
        for (JmhFigure f : jmh) {
            j.addObject()
                    .put("benchmark", f.benchmark())
                    .put("params", f.params())
                    .put("score", f.score())
                    .put("error", f.error())
                    .put("unit", f.unit());
        }
        return JSON.writeValueAsString(root);
    }

    private String settingsLine() {
        return String.format(
                Locale.ROOT,
                "warm-up until steady (at most %d s); latency %d warm-up + %d measured calls; throughput %d in"
                        + " flight, %d ms warm-up then %d calls or %d ms; events %d warm-up + %d or %d ms",
                settings.systemWarmup().toSeconds(),
                settings.latencyWarmupCalls(),
                settings.latencyCalls(),
                settings.inFlight(),
                settings.throughputWarmup().toMillis(),
                settings.throughputCalls(),
                settings.phaseBound().toMillis(),
                settings.eventWarmup(),
                settings.events(),
                settings.phaseBound().toMillis());
    }

    private Optional<Metrics> find(String system) {
        return systems.stream().filter(s -> s.system().equals(system)).findFirst();
    }

    private Optional<Double> ratio(String mycelium, String peer, Metric metric) {
        Optional<Double> a = find(mycelium).map(s -> s.values().get(metric));
        Optional<Double> b = find(peer).map(s -> s.values().get(metric));
        if (a.isEmpty() || b.isEmpty() || b.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(a.get() / b.get());
    }

    private static String cell(@Nullable Object v) {
        return v instanceof Number n ? number(n.doubleValue()) : "—";
    }

    private static String ratioText(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    record Comparison(String mycelium, String peer) {}

    record Target(String mycelium, String peer, Metric metric, double bound, String text) {
        boolean met(double ratio) {
            return metric.higherIsBetter ? ratio >= bound : ratio <= bound;
        }
    }
}
