package io.mycelium.fault;

import static io.mycelium.fault.FaultToleranceTest.awaitEndpoints;
import static io.mycelium.fault.FaultToleranceTest.cause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.ActionDefinition;
import io.mycelium.CallOptions;
import io.mycelium.CircuitBreakerPolicy;
import io.mycelium.RetryPolicy;
import io.mycelium.ServerException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.internal.fault.ActionPolicies;
import io.mycelium.internal.util.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An action's own {@code retryPolicy} and {@code circuitBreaker} (announced in INFO, applied by its
 * callers) and the {@code $circuit-breaker.*} events, against real failures on {@code memory://} and TCP.
 */
class ActionPoliciesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** s.work on {@code node}, declared with {@code declare}: answers its node id, or fails while {@code failing}. */
    private static Service worker(
            String node,
            AtomicBoolean failing,
            AtomicInteger calls,
            java.util.function.UnaryOperator<ActionDefinition> declare) {
        return Service.named("s")
                .action(declare.apply(ActionDefinition.of("work", ctx -> {
                    calls.incrementAndGet();
                    if (failing.get()) {
                        throw new ServerException("broken on " + node);
                    }
                    return node;
                })))
                .build();
    }

    /** Records every {@code $circuit-breaker.*} event this node hears, as "name payload". */
    private static Service monitor(List<String> heard) {
        return Service.named("monitor")
                .action("ping", ctx -> "pong")
                .event("$circuit-breaker.*", ctx -> heard.add(ctx.eventName().orElseThrow() + " " + ctx.data()))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void anActionsOwnBreakerOpensWithoutABrokerBreakerAndTellsEveryStateChange(String transport) {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger badCalls = new AtomicInteger();
        AtomicInteger goodCalls = new AtomicInteger();
        List<String> heardByClient = new CopyOnWriteArrayList<>();
        List<String> heardElsewhere = new CopyOnWriteArrayList<>();
        java.util.function.UnaryOperator<ActionDefinition> guarded = a -> a.withCircuitBreaker(
                CircuitBreakerPolicy.defaults().withMinRequestCount(3).withHalfOpenTime(Duration.ofSeconds(3)));
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("good", worker("good", new AtomicBoolean(), goodCalls, guarded));
            nodes.start("bad", worker("bad", failing, badCalls, guarded));
            nodes.start("watcher", monitor(heardElsewhere));
            // the client has no breaker of its own: the action's settings, read from INFO, open it
            ServiceBroker client = nodes.start("client", monitor(heardByClient));
            awaitEndpoints(client, "s.work", 2);
            awaitEndpoints(client, "monitor.ping", 2);

            for (int i = 0; i < 10; i++) {
                client.call("s.work", null).handle((v, e) -> e).join();
            }
            assertThat(badCalls.get()).isEqualTo(3);
            for (int i = 0; i < 6; i++) {
                assertThat(client.call("s.work", null, String.class).join()).isEqualTo("good");
            }
            assertThat(badCalls.get()).isEqualTo(3);
            await().atMost(PATIENCE).until(() -> !heardByClient.isEmpty());
            assertThat(heardByClient.get(0))
                    .isEqualTo("$circuit-breaker.opened "
                            + "{\"nodeID\":\"bad\",\"service\":\"s\",\"action\":\"s.work\","
                            + "\"failures\":3,\"count\":3,\"rate\":1.0}");

            // the half-open timer tells it without any call; the probe's success closes it
            await().atMost(PATIENCE).until(() -> heardByClient.size() >= 2);
            assertThat(heardByClient.get(1))
                    .isEqualTo(
                            "$circuit-breaker.half-opened {\"nodeID\":\"bad\",\"service\":\"s\",\"action\":\"s.work\"}");
            failing.set(false);
            await().atMost(PATIENCE).until(() -> {
                client.call("s.work", null).join();
                return badCalls.get() > 3;
            });
            await().atMost(PATIENCE).until(() -> heardByClient.size() >= 3);
            assertThat(heardByClient.get(2))
                    .isEqualTo("$circuit-breaker.closed {\"nodeID\":\"bad\",\"service\":\"s\",\"action\":\"s.work\"}");
            // broadcast, as Moleculer does: another node's monitor hears them too
            await().atMost(PATIENCE).until(() -> heardElsewhere.size() >= 3);
            assertThat(heardElsewhere).containsExactlyElementsOf(heardByClient.subList(0, 3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void anActionDisablingTheBreakerIsNeverCutOff(String transport) {
        AtomicInteger badCalls = new AtomicInteger();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start(
                    "bad",
                    worker(
                            "bad",
                            new AtomicBoolean(true),
                            badCalls,
                            a -> a.withCircuitBreaker(CircuitBreakerPolicy.disabled())));
            ServiceBroker client = nodes.start(
                    "client",
                    b -> b.circuitBreaker(CircuitBreakerPolicy.defaults().withMinRequestCount(2)));
            awaitEndpoints(client, "s.work", 1);
            for (int i = 0; i < 8; i++) {
                assertThat(cause(client.call("s.work", null))).isInstanceOf(ServerException.class);
            }
            assertThat(badCalls.get()).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void anActionsOwnRetryPolicyMovesItsFailedCallsToAnotherNode(String transport) {
        AtomicInteger aCalls = new AtomicInteger();
        AtomicInteger bCalls = new AtomicInteger();
        java.util.function.UnaryOperator<ActionDefinition> retried =
                a -> a.withRetryPolicy(RetryPolicy.exponential(2, Duration.ofMillis(10), Duration.ofMillis(50), 2));
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("a", worker("a", new AtomicBoolean(true), aCalls, retried));
            nodes.start("b", worker("b", new AtomicBoolean(), bCalls, retried));
            // the client itself never retries: the action's policy, read from INFO, does
            ServiceBroker client = nodes.start("client", b -> b.strategy(new FirstByName()));
            awaitEndpoints(client, "s.work", 2);

            for (int i = 0; i < 3; i++) {
                assertThat(client.call("s.work", null, String.class).join()).isEqualTo("b");
            }
            assertThat(aCalls.get()).isEqualTo(3);
            assertThat(bCalls.get()).isEqualTo(3);
            // a call's own count still wins
            assertThat(cause(client.call(
                            "s.work", null, CallOptions.builder().retries(0).build())))
                    .isInstanceOf(ServerException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "tcp"})
    void anActionWithoutRetriesIsNotRetriedByTheBrokersPolicy(String transport) {
        AtomicInteger aCalls = new AtomicInteger();
        try (Nodes nodes = new Nodes(transport)) {
            nodes.start("a", worker("a", new AtomicBoolean(true), aCalls, a -> a.withRetryPolicy(RetryPolicy.none())));
            ServiceBroker client = nodes.start(
                    "client",
                    b -> b.retryPolicy(RetryPolicy.exponential(4, Duration.ofMillis(10), Duration.ofMillis(50), 2)));
            awaitEndpoints(client, "s.work", 1);
            assertThat(cause(client.call("s.work", null))).isInstanceOf(ServerException.class);
            assertThat(aCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void localActionsUseTheirOwnPolicyWithItsCheck() {
        AtomicInteger calls = new AtomicInteger();
        try (Nodes nodes = new Nodes("memory")) {
            ServiceBroker broker = nodes.start(
                    "solo",
                    Service.named("l")
                            .action(ActionDefinition.of("flaky", ctx -> {
                                        if (calls.incrementAndGet() < 3) {
                                            throw new IllegalStateException("not yet");
                                        }
                                        return "ok";
                                    })
                                    .withRetryPolicy(RetryPolicy.exponential(3, Duration.ZERO, Duration.ZERO, 1)
                                            .withCheck(e -> String.valueOf(e.getMessage())
                                                    .contains("not yet"))))
                            .build());
            assertThat(broker.call("l.flaky", null, String.class).join()).isEqualTo("ok");
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void theInfoFormIsMoleculersAndMergesOverTheBrokersPolicy() {
        JsonNode info = Json.object()
                .set(
                        "circuitBreaker",
                        ActionPolicies.info(CircuitBreakerPolicy.defaults().withThreshold(0.3)));
        assertThat(info.get("circuitBreaker").toString())
                .isEqualTo(
                        "{\"enabled\":true,\"threshold\":0.3,\"windowTime\":60,\"minRequestCount\":20,\"halfOpenTime\":10000}");
        assertThat(ActionPolicies.breaker(info, CircuitBreakerPolicy.disabled()))
                .isEqualTo(CircuitBreakerPolicy.defaults().withThreshold(0.3));

        // a Moleculer action's partial settings: the rest comes from the caller's own policy
        JsonNode moleculer = Json.tree(java.util.Map.of(
                "retryPolicy", java.util.Map.of("enabled", true, "delay", 20),
                "circuitBreaker", java.util.Map.of("enabled", true, "windowTime", 2)));
        RetryPolicy retry = ActionPolicies.retry(moleculer, RetryPolicy.none());
        assertThat(retry.retries()).isEqualTo(5);
        assertThat(retry.delay()).isEqualTo(Duration.ofMillis(20));
        CircuitBreakerPolicy breaker = ActionPolicies.breaker(moleculer, CircuitBreakerPolicy.disabled());
        assertThat(breaker.enabled()).isTrue();
        assertThat(breaker.windowTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(breaker.minRequestCount()).isEqualTo(20);

        // nonsense from a peer is ignored, never an error in our calls
        JsonNode bad = Json.tree(java.util.Map.of("retryPolicy", java.util.Map.of("retries", -3)));
        assertThat(ActionPolicies.retry(bad, RetryPolicy.none())).isEqualTo(RetryPolicy.none());
    }
}
