package io.mycelium.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.mycelium.BulkheadPolicy;
import io.mycelium.CallOptions;
import io.mycelium.CircuitBreakerPolicy;
import io.mycelium.QueueIsFullException;
import io.mycelium.RequestTimeoutException;
import io.mycelium.RetryPolicy;
import io.mycelium.ServerException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fault-tolerance policy against real failures, on {@code memory://} and on TCP. */
class FaultToleranceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    static Throwable cause(CompletableFuture<?> f) {
        return Objects.requireNonNull(catchThrowable(f::join).getCause());
    }

    /** s.work on {@code node}: answers its node id, or fails (500, retryable) while {@code failing}. */
    static Service worker(String node, AtomicBoolean failing, AtomicInteger calls) {
        return Service.named("s")
                .action("work", ctx -> {
                    calls.incrementAndGet();
                    if (failing.get()) {
                        throw new ServerException("broken on " + node);
                    }
                    return node;
                })
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void theBreakerOpensNoCallReachesTheFailingNodeWhileOpenAndAHalfOpenProbeClosesIt(String transport) {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger badCalls = new AtomicInteger();
        AtomicInteger goodCalls = new AtomicInteger();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("good", worker("good", new AtomicBoolean(), goodCalls));
            nodes.start("bad", worker("bad", failing, badCalls));
            ServiceBroker client = nodes.start(
                    "client",
                    b -> b.circuitBreaker(CircuitBreakerPolicy.defaults()
                            .withMinRequestCount(3)
                            .withThreshold(0.5)
                            .withHalfOpenTime(Duration.ofSeconds(2))));
            awaitBoth(client);

            // round robin: every other call reaches the bad node until 3 of them failed
            for (int i = 0; i < 10; i++) {
                client.call("s.work", null).handle((v, e) -> e).join();
            }
            assertThat(badCalls.get()).isEqualTo(3);
            int goodBefore = goodCalls.get();
            for (int i = 0; i < 10; i++) {
                assertThat(client.call("s.work", null, String.class).join()).isEqualTo("good");
            }
            assertThat(badCalls.get()).isEqualTo(3);
            assertThat(goodCalls.get()).isEqualTo(goodBefore + 10);

            failing.set(false);
            // after the half-open time one probe goes through; its success closes the circuit
            await().atMost(PATIENCE).until(() -> {
                client.call("s.work", null).join();
                return badCalls.get() > 3;
            });
            List<String> served = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                served.add(client.call("s.work", null, String.class).join());
            }
            assertThat(served).contains("bad", "good");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void theBulkheadNeverRunsMoreThanItsConcurrencyAndRejectsPastItsQueue(String transport) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        Service service = Service.named("b")
                .action("limited", ctx -> {
                    int now = running.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    Thread.sleep(30);
                    running.decrementAndGet();
                    return now;
                })
                .action(io.mycelium.ActionDefinition.of("single", ctx -> {
                            holding.countDown();
                            return release.await(10, TimeUnit.SECONDS);
                        })
                        .withBulkhead(BulkheadPolicy.of(1, 1)))
                .build();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("server", b -> b.bulkhead(BulkheadPolicy.of(2, 100)), service);
            ServiceBroker client = nodes.start("client");
            client.waitForServices(PATIENCE, "b").join();

            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(client.call("b.limited", null, Integer.class));
            }
            calls.forEach(CompletableFuture::join);
            assertThat(most.get()).isEqualTo(2);

            CompletableFuture<Boolean> first = client.call("b.single", null, Boolean.class);
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> queued = client.call("b.single", null, Boolean.class);
            await().atMost(PATIENCE).until(() -> {
                // once the queued call waits, the next is one too many
                Throwable error = catchThrowable(
                        () -> client.call("b.single", null, Boolean.class).get(200, TimeUnit.MILLISECONDS));
                return error != null && error.getCause() instanceof QueueIsFullException;
            });
            release.countDown();
            assertThat(first.join()).isTrue();
            assertThat(queued.join()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void aNestedCallGetsTheCallersRemainingBudgetAndTimesOutWithIt(String transport) {
        AtomicLong innerBudget = new AtomicLong(-1);
        CountDownLatch innerStarted = new CountDownLatch(1);
        Service inner = Service.named("inner")
                .action("slow", ctx -> {
                    innerBudget.set(ctx.remaining().orElseThrow().toMillis());
                    innerStarted.countDown();
                    Thread.sleep(5_000);
                    return "late";
                })
                .build();
        Service outer = Service.named("outer")
                .action("relay", ctx -> {
                    Thread.sleep(100); // spends part of the budget before calling on
                    return ctx.call("inner.slow", null).join();
                })
                .build();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("inner-node", b -> b.gracefulStopTimeout(Duration.ZERO), inner);
            nodes.start("outer-node", outer);
            ServiceBroker client = nodes.start("client", b -> b.requestTimeout(Duration.ofSeconds(30)));
            client.waitForServices(PATIENCE, "inner", "outer").join();

            Throwable error = cause(client.call(
                    "outer.relay",
                    null,
                    CallOptions.builder().timeout(Duration.ofMillis(800)).build()));

            assertThat(error).isInstanceOf(RequestTimeoutException.class);
            // the inner call got what was left of 800 ms after the relay slept 100 ms, never the 30 s default
            assertThat(innerBudget.get()).isBetween(0L, 700L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void retriesMoveToAnotherNodeWhenAHandlerFailsNTimes(String transport) {
        AtomicInteger aCalls = new AtomicInteger();
        AtomicInteger bCalls = new AtomicInteger();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("a", worker("a", new AtomicBoolean(true), aCalls));
            nodes.start("b", worker("b", new AtomicBoolean(), bCalls));
            ServiceBroker client = nodes.start("client", b -> b.strategy(new FirstByName())
                    .retryPolicy(RetryPolicy.exponential(2, Duration.ofMillis(10), Duration.ofMillis(50), 2)));
            awaitBoth(client);

            for (int i = 0; i < 5; i++) {
                // the strategy always picks a first; a's failure sends the retry to b
                assertThat(client.call("s.work", null, String.class).join()).isEqualTo("b");
            }
            assertThat(aCalls.get()).isEqualTo(5);
            assertThat(bCalls.get()).isEqualTo(5);
            // without retries the failure comes back
            assertThat(cause(client.call(
                            "s.work", null, CallOptions.builder().retries(0).build())))
                    .isInstanceOf(ServerException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void callsInFlightToAKilledNodeAreRetriedOnAnother(String transport) throws Exception {
        CountDownLatch victimBusy = new CountDownLatch(1);
        Service victim = Service.named("k")
                .action("work", ctx -> {
                    victimBusy.countDown();
                    Thread.sleep(10_000);
                    return "victim";
                })
                .build();
        Service survivor = Service.named("k").action("work", ctx -> "survivor").build();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("a-victim", b -> b.gracefulStopTimeout(Duration.ZERO), victim);
            nodes.start("b-survivor", survivor);
            ServiceBroker client = nodes.start("client", b -> b.strategy(new FirstByName())
                    .requestTimeout(Duration.ofSeconds(2))
                    .retryPolicy(RetryPolicy.defaults()));
            awaitEndpoints(client, "k.work", 2);

            CompletableFuture<String> call = client.call("k.work", null, String.class);
            assertThat(victimBusy.await(10, TimeUnit.SECONDS)).isTrue();
            nodes.kill("a-victim");

            assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("survivor");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void hedgingReturnsTheFastNodesAnswer(String transport) {
        Service slow = Service.named("h")
                .action("who", ctx -> {
                    Thread.sleep(3_000);
                    return "slow";
                })
                .build();
        Service fast = Service.named("h").action("who", ctx -> "fast").build();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("a-slow", b -> b.gracefulStopTimeout(Duration.ZERO), slow);
            nodes.start("b-fast", fast);
            ServiceBroker client = nodes.start("client", b -> b.strategy(new FirstByName()));
            awaitEndpoints(client, "h.who", 2);

            String answer = client.call(
                            "h.who",
                            null,
                            CallOptions.builder()
                                    .hedgeAfter(Duration.ofMillis(100))
                                    .build(),
                            String.class)
                    .join();
            assertThat(answer).isEqualTo("fast");
        }
    }

    private static void awaitBoth(ServiceBroker client) {
        awaitEndpoints(client, "s.work", 2);
    }

    /** Waits until {@code client} knows {@code count} nodes serving {@code action}. */
    static void awaitEndpoints(ServiceBroker client, String action, int count) {
        await().atMost(PATIENCE).until(() -> {
            for (var item : client.call("$node.actions", null).join()) {
                if (item.path("name").asText().equals(action)) {
                    return item.path("count").asInt() >= count;
                }
            }
            return false;
        });
    }
}
