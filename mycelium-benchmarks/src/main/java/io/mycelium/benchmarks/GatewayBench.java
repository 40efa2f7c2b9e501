package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mycelium.ServiceBroker;
import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway row: a Mycelium node with a WebSocket gateway in this JVM, the {@code bench.echo} service on
 * another node (the peer JVM), and WebSocket clients in a Node process ({@code load.js} and {@code idle.js} of
 * mycelium-gateway's {@code src/test/node}, the raw amqp-swarm protocol on {@code ws}): requests/s from
 * {@value #CLIENTS} clients keeping {@value #WINDOW} requests in flight each, then the heap this JVM holds
 * for {@value #IDLE} idle connected clients (used heap after GC, with and without them). Orchestrator thread
 * only.
 */
final class GatewayBench {
    static final int CLIENTS = 100;
    static final int WINDOW = 16;
    static final int IDLE = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The row's figures; NaN where a part failed (its reason in {@code errors}). */
    record Figures(
            double requestsPerSecond,
            long failedRequests,
            int idleClients,
            double heapPerIdleClientKiB,
            List<String> errors) {}

    private final Path nodeDir;
    private final int seconds;
    private final int idleClients;

    GatewayBench(Path nodeDir, boolean quick) {
        this.nodeDir = nodeDir;
        this.seconds = quick ? 2 : 10;
        this.idleClients = quick ? 1_000 : IDLE;
    }

    /** Runs both parts against a gateway on a new node reaching the peer over {@code transporter}. */
    Figures run(String transporter, String namespace, String nodeId, Payload payload) throws Exception {
        ServiceBroker broker = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .build();
        Gateway gateway = Gateway.builder(broker)
                .options(GatewayOptions.builder()
                        .allowActions(MyceliumPeer.SERVICE + ".*")
                        .maxConnections(idleClients + CLIENTS)
                        .build())
                .build();
        List<String> errors = new ArrayList<>();
        double rps = Double.NaN;
        long failed = 0;
        double heap = Double.NaN;
        broker.start();
        try {
            gateway.start();
            broker.waitForServices(Duration.ofSeconds(30), MyceliumPeer.SERVICE).join();
            String base = "ws://127.0.0.1:" + gateway.port();
            try {
                JsonNode rate = load(base, payload);
                rps = rate.path("rps").asDouble();
                failed = rate.path("errors").asLong();
            } catch (IOException | RuntimeException e) {
                errors.add("requests/s: " + e.getMessage());
            }
            try {
                heap = heapPerIdleClient(gateway, base);
            } catch (IOException | RuntimeException e) {
                errors.add("idle heap: " + e.getMessage());
            }
        } finally {
            gateway.close();
            broker.stop();
        }
        return new Figures(rps, failed, idleClients, heap, errors);
    }

    private JsonNode load(String base, Payload payload) throws IOException, InterruptedException {
        Process node = node(
                "load.js",
                base,
                String.valueOf(CLIENTS),
                String.valueOf(WINDOW),
                String.valueOf(seconds),
                MyceliumPeer.ACTION,
                new String(payload.bytes(), StandardCharsets.UTF_8));
        try (BufferedReader out = reader(node)) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.contains("\"rate\"")) {
                    return JSON.readTree(line);
                }
            }
            throw new IOException("load.js ended without a rate (exit " + node.waitFor() + ")");
        } finally {
            node.destroyForcibly();
        }
    }

    private double heapPerIdleClient(Gateway gateway, String base) throws IOException, InterruptedException {
        long before = usedHeapAfterGc();
        Process node = node("idle.js", base, String.valueOf(idleClients));
        try (BufferedReader out = reader(node)) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("\"connected\"")) {
                Log.info("  idle.js: " + line);
            }
            if (line == null) {
                throw new IOException("idle.js ended before connecting every client");
            }
            int attached = gateway.clients().size();
            if (attached != idleClients) {
                throw new IOException("expected " + idleClients + " attached clients, found " + attached);
            }
            long after = usedHeapAfterGc();
            Log.info("  heap " + (before >> 20) + " -> " + (after >> 20) + " MiB for " + idleClients + " idle clients");
            return (after - before) / 1024.0 / idleClients;
        } finally {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process node(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("node");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(nodeDir.toFile())
                .redirectErrorStream(true)
                .start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Used heap after three full collections: what live objects hold, not garbage. */
    static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
