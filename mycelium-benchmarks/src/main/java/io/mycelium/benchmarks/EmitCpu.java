package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.EventHandler;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU time one event costs this process, emitter and subscriber both in this JVM: on a machine shared
 * with other work, CPU time per event moves far less than events per second. Two brokers on the given
 * transporter (e.g. {@code memory://} or {@code nats://127.0.0.1:4222}), a non-blocking counting handler,
 * the emitter at most {@value #WINDOW} events ahead; a warm-up, then {@code events} measured.
 *
 * <p>{@code java -cp … io.mycelium.benchmarks.EmitCpu nats://127.0.0.1:4222 1000000}
 */
public final class EmitCpu {
    private static final int WINDOW = 20_000;

    private EmitCpu() {}

    public static void main(String[] args) throws Exception {
        String transporter = args.length > 0 ? args[0] : "memory://";
        long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        String ns = "bench-emit-cpu-" + ProcessHandle.current().pid();
        AtomicLong received = new AtomicLong();
        ServiceBroker receiver = ServiceBroker.builder()
                .nodeId("emit-cpu-receiver")
                .namespace(ns)
                .transporter(transporter)
                .build();
        receiver.register(Service.named(MyceliumPeer.SERVICE)
                .event(MyceliumPeer.EVENT, EventHandler.nonBlocking(ctx -> received.incrementAndGet())));
        receiver.start();
        ServiceBroker emitter = ServiceBroker.builder()
                .nodeId("emit-cpu-sender")
                .namespace(ns)
                .transporter(transporter)
                .build();
        emitter.start();
        emitter.waitForServices(Duration.ofSeconds(30), MyceliumPeer.SERVICE).join();
        JsonNode data = Payload.small().tree();
        try {
            run(emitter, data, received, events / 2); // warm-up
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            run(emitter, data, received, events);
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf(
                    "%s: %d events, %.0f ns CPU per event, %.0f events/s, load %s%n",
                    transporter,
                    events,
                    (double) cpu / events,
                    events * 1e9 / wall,
                    new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
        } finally {
            emitter.stop();
            receiver.stop();
        }
        System.exit(0);
    }

    private static void run(ServiceBroker emitter, JsonNode data, AtomicLong received, long events) {
        long start = received.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (long i = 1; i <= events; i++) {
            emitter.emit(MyceliumPeer.EVENT, data);
            while (i - (received.get() - start) > WINDOW) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("events not received in time");
                }
                LockSupport.parkNanos(50_000);
            }
        }
        while (received.get() - start < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("events not received in time: " + (received.get() - start));
            }
            LockSupport.parkNanos(50_000);
        }
    }
}
