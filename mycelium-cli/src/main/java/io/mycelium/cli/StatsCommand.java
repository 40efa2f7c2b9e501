package io.mycelium.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mycelium.CallOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stats [--watch] [--node ID]}: a table per action of each node (calls, calls/s, errors, p50/p99,
 * in flight), read from the nodes' {@code $node.metrics} (so Moleculer nodes with metrics on show too);
 * with {@code --watch} redrawn in place like {@code top}, the list of nodes read again at every refresh
 * (without {@code --node}) so that nodes joining later show up. Calls per second are the difference between
 * two refreshes; the first table shows "-".
 */
@Command(name = "stats", description = "Prints request statistics per action and node; --watch refreshes in place.")
final class StatsCommand implements Callable<Integer> {
    private static final List<String> METRICS = List.of(
            "moleculer.request.total",
            "moleculer.request.error.total",
            "moleculer.request.active",
            "moleculer.request.time");
    private static final String CLEAR = "\033[H\033[2J";

    @ParentCommand
    @Nullable
    MyceliumCommand root;

    @Option(names = "--node", paramLabel = "NODE_ID", description = "Only this node (default: every node)")
    @Nullable
    String node;

    @Option(names = "--watch", description = "Refresh in place until Ctrl-C")
    boolean watch;

    @Option(
            names = "--interval",
            paramLabel = "MS",
            defaultValue = "2000",
            description = "Between refreshes with --watch (default ${DEFAULT-VALUE})")
    long intervalMs;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --watch, stop after N refreshes (default: until Ctrl-C)")
    int count;

    @Option(names = "--internal", description = "Also show $node.* and other internal actions")
    boolean internal;

    @Option(names = "--json", description = "Print the rows as JSON instead of a table")
    boolean json;

    /** One row: an action on one side of one node. */
    record Row(
            String node,
            String action,
            String side,
            long calls,
            long errors,
            long inFlight,
            @Nullable Double p50,
            @Nullable Double p99) {}

    @Override
    public Integer call() throws InterruptedException {
        MyceliumCommand root = Commands.root(this.root);
        Terminal term = root.terminal();
        try (Session session = Session.open(root, "cli-", b -> {});
                StopSignal stop = new StopSignal(Duration.ofSeconds(2))) {
            List<String> targets = targets(session, root);
            Map<String, Long> previous = new HashMap<>();
            long previousAt = 0;
            int shown = 0;
            while (true) {
                if (watch && node == null && shown > 0) {
                    // nodes that joined since the last refresh show up, nodes that left drop out
                    targets = new ArrayList<>(new TreeSet<>(session.otherNodes()));
                }
                long now = System.nanoTime();
                List<Row> rows = new ArrayList<>();
                List<String> unreachable = new ArrayList<>();
                for (String id : targets) {
                    try {
                        rows.addAll(read(session, id));
                    } catch (RuntimeException e) {
                        unreachable.add(id + ": " + Failures.unwrap(e).getMessage());
                    }
                }
                double seconds = previousAt == 0 ? 0 : (now - previousAt) / 1e9;
                PrintWriter out = term.out();
                if (watch && !json) {
                    out.print(CLEAR);
                    out.println("mycelium stats — " + targets.size() + " node(s) on " + root.transporter + ", every "
                            + intervalMs + " ms (Ctrl-C to quit)");
                    out.println();
                }
                print(out, rows, previous, seconds);
                unreachable.forEach(u -> out.println("unreachable " + u));
                out.flush();
                previous.clear();
                rows.forEach(r -> previous.put(key(r), r.calls()));
                previousAt = now;
                shown++;
                if (!watch || (count > 0 && shown >= count)) {
                    return unreachable.isEmpty() ? ExitCodes.OK : ExitCodes.TIMEOUT;
                }
                if (stop.awaitFor(Duration.ofMillis(Math.max(100, intervalMs)))) {
                    return ExitCodes.OK;
                }
            }
        }
    }

    private List<String> targets(Session session, MyceliumCommand root) {
        if (node != null) {
            if (!session.awaitNode(node)) {
                throw new NotFoundException("node '" + node + "' not found on " + root.transporter + " within "
                        + session.discoveryTimeout().toMillis() + " ms");
            }
            return List.of(node);
        }
        List<String> all = new ArrayList<>(new TreeSet<>(session.settle()));
        if (all.isEmpty()) {
            throw new NotFoundException("no other node found on " + root.transporter + " within "
                    + session.discoveryTimeout().toMillis() + " ms");
        }
        return all;
    }

    private List<Row> read(Session session, String id) {
        Map<String, Object> params = Map.of("includes", METRICS);
        JsonNode metrics = session.broker()
                .call("$node.metrics", params, CallOptions.builder().nodeId(id).build())
                .join();
        Map<String, long[]> counts = new TreeMap<>(); // calls, errors, inFlight
        Map<String, double[]> times = new HashMap<>();
        for (JsonNode m : metrics) {
            String name = m.path("name").asText();
            for (JsonNode v : m.path("values")) {
                JsonNode labels = v.path("labels");
                String action = labels.path("action").asText();
                if (!internal && action.startsWith("$")) {
                    continue;
                }
                String k = action + "\u0000" + labels.path("type").asText("local");
                long[] c = counts.computeIfAbsent(k, x -> new long[3]);
                switch (name) {
                    case "moleculer.request.total" -> c[0] += v.path("value").asLong();
                    case "moleculer.request.error.total" ->
                        c[1] += v.path("value").asLong();
                    case "moleculer.request.active" -> c[2] += v.path("value").asLong();
                    case "moleculer.request.time" -> {
                        JsonNode q = v.path("quantiles");
                        if (q.path("0.5").isNumber()) {
                            times.put(k, new double[] {
                                q.path("0.5").asDouble(), q.path("0.99").asDouble()
                            });
                        }
                    }
                    default -> {}
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] parts = k.split("\u0000", 2);
            double[] t = times.get(k);
            rows.add(new Row(
                    id, parts[0], parts[1], c[0], c[1], c[2], t == null ? null : t[0], t == null ? null : t[1]));
        });
        return rows;
    }

    private void print(PrintWriter out, List<Row> rows, Map<String, Long> previous, double seconds) {
        if (json) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (Row r : rows) {
                ObjectNode o = array.addObject()
                        .put("nodeID", r.node())
                        .put("action", r.action())
                        .put("type", r.side())
                        .put("calls", r.calls())
                        .put("errors", r.errors())
                        .put("inFlight", r.inFlight());
                Double rate = rate(r, previous, seconds);
                if (rate != null) {
                    o.put("callsPerSecond", rate);
                }
                if (r.p50() != null && r.p99() != null) {
                    o.put("p50Ms", r.p50()).put("p99Ms", r.p99());
                }
            }
            out.println(Json.pretty(array));
            return;
        }
        Table table = Table.of("NODE ID", "ACTION", "SIDE", "CALLS", "CALLS/S", "ERRORS", "P50", "P99", "IN FLIGHT");
        for (Row r : rows) {
            Double rate = rate(r, previous, seconds);
            table.row(
                    r.node(),
                    r.action(),
                    r.side(),
                    r.calls(),
                    rate == null ? "-" : String.format("%.1f", rate),
                    r.errors(),
                    ms(r.p50()),
                    ms(r.p99()),
                    r.inFlight());
        }
        table.print(out);
    }

    private static @Nullable Double rate(Row r, Map<String, Long> previous, double seconds) {
        Long before = previous.get(key(r));
        if (seconds <= 0 || before == null) {
            return null;
        }
        return Math.max(0, r.calls() - before) / seconds;
    }

    private static String ms(@Nullable Double v) {
        return v == null ? "-" : String.format("%.2f ms", v);
    }

    private static String key(Row r) {
        return r.node() + "\u0000" + r.action() + "\u0000" + r.side();
    }
}
