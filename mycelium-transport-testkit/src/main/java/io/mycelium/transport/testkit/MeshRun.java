package io.mycelium.transport.testkit;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Two real ServiceBrokers over one transporter URL: a server with {@code math} and a client. */
public final class MeshRun implements AutoCloseable {
    public final ServiceBroker server;
    public final ServiceBroker client;
    public final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    public final AtomicInteger eventCount = new AtomicInteger();

    public MeshRun(String url, String namespace) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        server = ServiceBroker.builder()
                .nodeId("server-" + suffix)
                .namespace(namespace)
                .transporter(url)
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        server.register(Service.named("math")
                .action(
                        "add",
                        ctx -> ctx.params().get("a").asInt()
                                + ctx.params().get("b").asInt())
                .event("user.created", ctx -> {
                    eventCount.incrementAndGet();
                    if (ctx.params().has("name")) {
                        events.add(ctx.params().get("name").asText());
                    }
                }));
        client = ServiceBroker.builder()
                .nodeId("client-" + suffix)
                .namespace(namespace)
                .transporter(url)
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    public MeshRun start() {
        server.start();
        client.start();
        client.waitForServices(Duration.ofSeconds(15), "math").join();
        return this;
    }

    public int add(int a, int b) throws Exception {
        return client.call("math.add", Map.of("a", a, "b", b), Integer.class).get(10, TimeUnit.SECONDS);
    }

    /** Prints the remote call round-trip median and the event rate of one timed run. */
    public void printFigures(String name) throws Exception {
        for (int i = 0; i < 300; i++) {
            add(i, 1);
        }
        int rounds = 2000;
        long[] samples = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            add(i, 1);
            samples[i] = System.nanoTime() - t0;
        }
        Arrays.sort(samples);
        int total = 20_000;
        int before = eventCount.get();
        Map<String, Object> data = Map.of("id", 42, "email", "ada@example.org");
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            client.emit("user.created", data).get(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (eventCount.get() - before < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // polling a counter for a measurement, not synchronising
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int seen = eventCount.get() - before;
        System.out.printf(
                "MESH FIGURES %s: broker.call round trip median %.1f us, p99 %.1f us; %d of %d emitted events handled"
                        + " in %.2f s = %.0f events/s%n",
                name,
                samples[rounds / 2] / 1e3,
                samples[rounds * 99 / 100] / 1e3,
                seen,
                total,
                seconds,
                seen / seconds);
    }

    @Override
    public void close() {
        client.stop();
        server.stop();
    }
}
