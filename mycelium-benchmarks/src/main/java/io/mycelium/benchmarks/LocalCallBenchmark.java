package io.mycelium.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.ActionDefinition;
import io.mycelium.ActionHandler;
import io.mycelium.BulkheadPolicy;
import io.mycelium.CircuitBreakerPolicy;
import io.mycelium.RetryPolicy;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.spi.Middleware;
import io.mycelium.spi.OutgoingCall;
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
 * default, or on the caller's thread when declared non-blocking), waiting for its result: the broker's own overhead per call. {@code features}: {@code none} (the
 * default broker), {@code middleware} (one middleware wrapping calls and actions, passing them on), {@code
 * policies} (retries, circuit breaker and bulkhead on).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init")
public class LocalCallBenchmark {

    /**
     * What is on besides the bare call: nothing but request statistics (the default), the handler declared
     * non-blocking (runs on the caller's thread; with statistics off too: the statistics' share of the
     * fastest call), statistics off, one pass-through middleware, retry +
     * breaker + bulkhead, or OpenTelemetry tracing on (every span sampled and recorded, then dropped: no
     * exporter), its CLIENT and SERVER span per call.
     */
    @Param({"none", "nonblocking", "nonblocking-nostats", "nostats", "middleware", "policies", "tracing"})
    public String features;

    private ServiceBroker broker;
    private JsonNode params;

    /** Passes every call and action on: what the chain itself costs. */
    static final class PassThrough implements Middleware {
        @Override
        public OutgoingCall.Next call(OutgoingCall.Next next) {
            return next::proceed;
        }

        @Override
        public ActionHandler localAction(String fullName, ActionDefinition action, ActionHandler next) {
            return next::handle;
        }
    }

    @Setup
    public void setUp() {
        ServiceBroker.Builder b = ServiceBroker.builder()
                .nodeId("bench-local")
                .namespace("bench-local-" + System.nanoTime())
                .transporter("memory://");
        switch (features) {
            case "middleware" -> b.middleware(new PassThrough());
            case "policies" ->
                b.retryPolicy(RetryPolicy.defaults())
                        .circuitBreaker(CircuitBreakerPolicy.defaults())
                        .bulkhead(BulkheadPolicy.defaults());
            case "nostats", "nonblocking-nostats" -> b.statistics(false);
            case "tracing" ->
                b.middleware(io.mycelium.opentelemetry.MyceliumTracing.builder(
                                io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                                        .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                                                .build())
                                        .build())
                        .build());
            default -> {}
        }
        broker = b.build();
        ActionHandler echo = ctx -> ctx.params();
        broker.register(Service.named("bench")
                .action("echo", features.startsWith("nonblocking") ? ActionHandler.nonBlocking(echo) : echo));
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
