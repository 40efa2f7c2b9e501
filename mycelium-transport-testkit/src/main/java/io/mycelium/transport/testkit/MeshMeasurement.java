package io.mycelium.transport.testkit;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.spi.Transporter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A quick, honest measurement of one transporter with two real brokers (not a benchmark harness, not an
 * assertion): the median and 99th percentile round trip of sequential remote calls, and how many
 * balanced events per second one node can emit to another until all are handled.
 */
public final class MeshMeasurement {

    /** The figures of one run. */
    public record Result(
            String transporter, int calls, double medianMicros, double p99Micros, int events, double eventsPerSecond) {
        @Override
        public String toString() {
            return String.format(
                    "%s: call round trip median %.0f us, p99 %.0f us (%d calls); %.0f events/s (%d events)",
                    transporter, medianMicros, p99Micros, calls, eventsPerSecond, events);
        }
    }

    private MeshMeasurement() {}

    /** Runs the measurement; each broker gets a transporter from {@code transporters}. */
    public static Result run(String label, Supplier<Transporter> transporters, int calls, int events) throws Exception {
        String namespace = "m-" + UUID.randomUUID().toString().substring(0, 13);
        AtomicInteger received = new AtomicInteger();
        try (MeshNodes mesh = new MeshNodes(namespace, (id, i) -> transporters.get())) {
            ServiceBroker caller = mesh.start("caller", x -> {});
            mesh.start(
                    "server",
                    x -> x.register(Service.named("bench")
                            .action("echo", ctx -> ctx.params())
                            .event("bench.tick", ctx -> received.incrementAndGet())));
            caller.waitForServices(Duration.ofSeconds(10), "bench").get(10, TimeUnit.SECONDS);
            Map<String, Object> params = Map.of("a", 1, "b", "two");
            // The JIT of a 2-core machine needs seconds, not a count of calls: the first row measured in a
            // JVM would otherwise carry the warm-up of everything.
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (int i = 0; i < Math.max(1000, calls / 2) || System.nanoTime() < warmUntil; i++) {
                caller.call("bench.echo", params).get(10, TimeUnit.SECONDS);
            }
            long[] nanos = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                caller.call("bench.echo", params).get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            double median = nanos[calls / 2] / 1000.0;
            double p99 = nanos[(int) (calls * 0.99)] / 1000.0;

            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                caller.emit("bench.tick", i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < events && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Result result = new Result(label, calls, median, p99, received.get(), received.get() / seconds);
            System.out.println("MEASURED " + result);
            return result;
        }
    }
}
