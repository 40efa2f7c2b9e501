package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.EventHandler;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One event from emit to a non-blocking handler on another node, both in this JVM over {@code memory://} (the
 * packet is serialized and parsed as on the wire, no socket): a burst of {@value #BURST} emits, then a wait
 * until the handler counted them all, so the figure covers sender and receiver and nothing piles up. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per event on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init")
public class EmitBenchmark {
    static final int BURST = 1000;

    private ServiceBroker emitter;
    private ServiceBroker receiver;
    private final AtomicLong received = new AtomicLong();
    private long sent;
    private JsonNode data;

    @Setup
    public void setUp() {
        String ns = "bench-emit-" + System.nanoTime();
        receiver = ServiceBroker.builder()
                .nodeId("bench-emit-receiver")
                .namespace(ns)
                .transporter("memory://")
                .build();
        receiver.register(Service.named("bench")
                .event(MyceliumPeer.EVENT, EventHandler.nonBlocking(ctx -> received.incrementAndGet())));
        receiver.start();
        emitter = ServiceBroker.builder()
                .nodeId("bench-emit-sender")
                .namespace(ns)
                .transporter("memory://")
                .build();
        emitter.start();
        emitter.waitForServices(Duration.ofSeconds(30), MyceliumPeer.SERVICE).join();
        data = Payload.small().tree();
    }

    @TearDown
    public void tearDown() {
        emitter.stop();
        receiver.stop();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long emit() {
        for (int i = 0; i < BURST; i++) {
            emitter.emit(MyceliumPeer.EVENT, data);
        }
        sent += BURST;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < sent) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("events not received within 10 s: " + received.get() + " of " + sent);
            }
            LockSupport.parkNanos(10_000);
        }
        return received.get();
    }
}
