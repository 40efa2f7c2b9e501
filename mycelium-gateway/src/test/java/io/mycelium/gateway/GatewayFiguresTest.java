package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures, not checks (tag {@code figures}; run with {@code -Dsurefire.excludedGroups= -Dgroups=figures}):
 * requests/s from 100 JDK WebSocket clients in this JVM through one gateway to a service on another node, and
 * the sequential latency beside the broker-only baseline. The Node-client figures (requests/s from 100
 * {@code ws} clients, heap per idle client) are the benchmarks' gateway row ({@code bash scripts/bench --only
 * gateway}, mycelium-benchmarks' {@code GatewayBench}), which runs this module's {@code load.js} and
 * {@code idle.js}.
 */
@Tag("figures")
class GatewayFiguresTest {
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() {
        mesh.close();
    }

    private Gateway gatewayWithMathElsewhere(GatewayOptions options) {
        ServiceBroker services = mesh.broker("services");
        services.register(Service.named("math")
                .action(
                        "add",
                        ctx -> ctx.params().path("a").asInt()
                                + ctx.params().path("b").asInt())
                .build());
        services.start();
        ServiceBroker edge = mesh.broker("edge");
        Gateway g = mesh.gateway(edge, options);
        edge.start();
        g.start();
        edge.waitForServices(Duration.ofSeconds(5), "math").join();
        return g;
    }

    @Test
    void requestsPerSecondFromOneHundredClients() throws Exception {
        Gateway g = gatewayWithMathElsewhere(
                GatewayOptions.builder().allowActions("math.*").build());
        int clients = 100;
        int window = 16;
        List<GatewayClient> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(GatewayClient.connect(TestMesh.uri(g, "/bench-" + i)));
        }
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (GatewayClient c : all) {
            Semaphore slots = new Semaphore(window);
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    slots.acquireUninterruptibly();
                    c.request("math.add", Map.of("a", 1, "b", 2)).whenComplete((r, e) -> {
                        (e == null ? done : failed).increment();
                        slots.release();
                    });
                }
            }));
        }
        // a short window in the suite; -Dmycelium.figures.seconds=10 for a steadier figure
        long windowSeconds = Long.getLong("mycelium.figures.seconds", 3);
        Thread.sleep(Math.min(3_000, windowSeconds * 300)); // warm-up
        long start = System.nanoTime();
        long before = done.sum();
        Thread.sleep(windowSeconds * 1_000);
        long count = done.sum() - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread t : threads) {
            t.join(5_000);
        }
        all.forEach(GatewayClient::close);
        System.out.printf(
                "FIGURE gateway requests/s, %d clients x %d in flight, JDK WebSocket clients in the same JVM: %.0f (failed %d)%n",
                clients, window, count / seconds, failed.sum());
        assertThat(count).isPositive();
    }

    @Test
    void latencyAndTheBrokerOnlyBaseline() throws Exception {
        Gateway g = gatewayWithMathElsewhere(
                GatewayOptions.builder().allowActions("math.*").build());
        try (GatewayClient c = GatewayClient.connect(TestMesh.uri(g, "/seq"))) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    c.request("math.add", Map.of("a", 1, "b", 2)).join();
                }
                System.out.printf("FIGURE sequential mean latency: %.2f ms%n", (System.nanoTime() - t0) / 1e6 / 200);
            }
            ServiceBroker edge = mesh.broker("probe");
            edge.start();
            edge.waitForServices(Duration.ofSeconds(5), "math").join();
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                edge.call("math.add", Map.of("a", 1, "b", 2)).join();
            }
            System.out.printf(
                    "FIGURE broker-only sequential mean latency: %.2f ms%n", (System.nanoTime() - t0) / 1e6 / 200);
            Semaphore slots = new Semaphore(1600);
            LongAdder done = new LongAdder();
            long end = System.nanoTime() + 8_000_000_000L;
            long measureFrom = System.nanoTime() + 3_000_000_000L;
            long counted = 0;
            while (System.nanoTime() < end) {
                slots.acquireUninterruptibly();
                edge.call("math.add", Map.of("a", 1, "b", 2)).whenComplete((r, e) -> {
                    if (System.nanoTime() > measureFrom) {
                        done.increment();
                    }
                    slots.release();
                });
            }
            System.out.printf("FIGURE broker-only calls/s, 1600 in flight, memory://: %.0f%n", done.sum() / 5.0);
        }
    }
}
