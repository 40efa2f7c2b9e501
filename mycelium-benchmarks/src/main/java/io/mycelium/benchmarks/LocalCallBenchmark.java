package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A call of a local action through {@link ServiceBroker} (no serialization, handler on a virtual thread, the
 * default), waiting for its result: the broker's own overhead per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init")
public class LocalCallBenchmark {

    /** Request statistics on (the default) or off: their cost per call is the difference. */
    @Param({"true", "false"})
    public boolean statistics;

    private ServiceBroker broker;
    private JsonNode params;

    @Setup
    public void setUp() {
        broker = ServiceBroker.builder()
                .nodeId("bench-local")
                .namespace("bench-local-" + System.nanoTime())
                .transporter("memory://")
                .statistics(statistics)
                .build();
        broker.register(Service.named("bench").action("echo", ctx -> ctx.params()));
        broker.start();
        params = Payload.small().tree();
    }

    @TearDown
    public void tearDown() {
        broker.stop();
    }

    @Benchmark
    public JsonNode localCall() {
        return broker.call(MyceliumPeer.ACTION, params).join();
    }
}
