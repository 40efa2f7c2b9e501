package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mycelium.stats.ActionStatistics;
import io.mycelium.stats.BrokerStatistics;
import io.mycelium.stats.CallSide;
import io.mycelium.stats.ErrorCount;
import io.mycelium.stats.EventStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final int CALLS = 600;

    /** Every 5th call fails with a client error, every 7th (not 5th) with a plain Java exception. */
    static Service flaky() {
        return Service.named("flaky")
                .action("run", ctx -> {
                    int i = ctx.params().get("i").asInt();
                    if (i % 5 == 0) {
                        throw new ClientException("bad " + i, 422, "BAD_INPUT", NullNode.getInstance());
                    }
                    if (i % 7 == 0) {
                        throw new IllegalStateException("broken " + i);
                    }
                    return i;
                })
                .build();
    }

    private static List<CompletableFuture<JsonNode>> callConcurrently(ServiceBroker caller, int n) throws Exception {
        List<CompletableFuture<JsonNode>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<CompletableFuture<JsonNode>>> started = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int k = i;
                started.add(CompletableFuture.supplyAsync(() -> caller.call("flaky.run", Map.of("i", k)), pool));
            }
            for (var s : started) {
                results.add(s.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        for (var r : results) {
            r.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        }
        return results;
    }

    private static long expectedBad(int n) {
        return n / 5;
    }

    private static long expectedBroken(int n) {
        long c = 0;
        for (int i = 1; i <= n; i++) {
            if (i % 7 == 0 && i % 5 != 0) {
                c++;
            }
        }
        return c;
    }

    @Test
    void countsEveryConcurrentLocalCallAndItsErrorsByType() throws Exception {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", flaky());
            callConcurrently(node, CALLS);

            ActionStatistics run =
                    node.statistics().action("flaky.run", CallSide.HANDLED).orElseThrow();
            assertThat(run.service()).isEqualTo("flaky");
            assertThat(run.calls()).isEqualTo(CALLS);
            assertThat(run.inFlight()).isZero();
            assertThat(run.errors()).isEqualTo(expectedBad(CALLS) + expectedBroken(CALLS));
            assertThat(run.errorsByType())
                    .containsExactlyInAnyOrder(
                            new ErrorCount("MoleculerClientError", 422, "BAD_INPUT", expectedBad(CALLS)),
                            new ErrorCount("IllegalStateException", 500, "", expectedBroken(CALLS)));
            assertThat(run.latency().count()).isEqualTo(CALLS);
            assertThat(run.latency().p50())
                    .isPositive()
                    .isLessThanOrEqualTo(run.latency().p99());
            // a local call never leaves the node
            assertThat(node.statistics().action("flaky.run", CallSide.REMOTE)).isEmpty();
        }
    }

    @Test
    void countsRemoteCallsOnBothSides() throws Exception {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker server = mesh.broker("server", flaky());
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "flaky");
            callConcurrently(client, CALLS);

            ActionStatistics sent =
                    client.statistics().action("flaky.run", CallSide.REMOTE).orElseThrow();
            ActionStatistics handled =
                    server.statistics().action("flaky.run", CallSide.HANDLED).orElseThrow();
            for (ActionStatistics a : List.of(sent, handled)) {
                assertThat(a.calls()).isEqualTo(CALLS);
                assertThat(a.errors()).isEqualTo(expectedBad(CALLS) + expectedBroken(CALLS));
                assertThat(a.inFlight()).isZero();
            }
            // the caller sees the error as it came over the wire: named by the handler's side
            assertThat(sent.errorsByType())
                    .extracting(ErrorCount::name, ErrorCount::count)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("MoleculerClientError", expectedBad(CALLS)),
                            org.assertj.core.groups.Tuple.tuple("IllegalStateException", expectedBroken(CALLS)));
            BrokerStatistics c = client.statistics();
            assertThat(c.transport().sentByType().get("REQ")).isGreaterThanOrEqualTo(CALLS);
            assertThat(c.transport().receivedByType().get("RES")).isGreaterThanOrEqualTo(CALLS);
            assertThat(c.transport().bytesSent()).isGreaterThan(c.transport().packetsSent());
        }
    }

    @Test
    void showsCallsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch allIn = new CountDownLatch(3);
        Service slow = Service.named("slow")
                .action("wait", ctx -> {
                    entered.incrementAndGet();
                    allIn.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return true;
                })
                .build();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", slow);
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(node.call("slow.wait", null));
            }
            assertThat(allIn.await(10, TimeUnit.SECONDS)).isTrue();
            ActionStatistics during =
                    node.statistics().action("slow.wait", CallSide.HANDLED).orElseThrow();
            assertThat(during.inFlight()).isEqualTo(3);
            assertThat(during.calls()).isEqualTo(3);
            release.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(node.statistics()
                            .action("slow.wait", CallSide.HANDLED)
                            .orElseThrow()
                            .inFlight())
                    .isZero();
        }
    }

    @Test
    void countsEventsEmittedAndHandled() throws Exception {
        CountDownLatch handled = new CountDownLatch(30);
        Service listener = Service.named("listener")
                .event("order.placed", ctx -> {
                    handled.countDown();
                    if (ctx.params().get("n").asInt() % 3 == 0) {
                        throw new IllegalArgumentException("no");
                    }
                })
                .build();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", listener);
            for (int i = 1; i <= 20; i++) {
                node.emit("order.placed", Map.of("n", i)).join();
            }
            for (int i = 21; i <= 30; i++) {
                node.broadcast("order.placed", Map.of("n", i)).join();
            }
            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
            BrokerStatistics s = awaitEventsEnded(node, 30);
            EventStatistics e = s.events().stream()
                    .filter(x -> x.event().equals("order.placed"))
                    .findFirst()
                    .orElseThrow();
            assertThat(e.service()).isEqualTo("listener");
            assertThat(e.received()).isEqualTo(30);
            assertThat(e.errors()).isEqualTo(10);
            assertThat(e.errorsByType()).containsExactly(new ErrorCount("IllegalArgumentException", 500, "", 10));
            assertThat(s.emits())
                    .filteredOn(x -> x.event().equals("order.placed"))
                    .singleElement()
                    .satisfies(x -> {
                        assertThat(x.emitted()).isEqualTo(20);
                        assertThat(x.broadcast()).isEqualTo(10);
                    });
        }
    }

    private static BrokerStatistics awaitEventsEnded(ServiceBroker node, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            BrokerStatistics s = node.statistics();
            boolean done = s.events().stream().anyMatch(e -> e.received() == n && e.inFlight() == 0);
            if (done || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(5);
        }
    }

    @Test
    void nodeMetricsAnswersInMoleculersShape() throws Exception {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", flaky());
            callConcurrently(node, 10);
            JsonNode all = node.call("$node.metrics", null).join();
            List<String> names = new ArrayList<>();
            all.forEach(m -> names.add(m.get("name").asText()));
            assertThat(names)
                    .contains(
                            "moleculer.request.total",
                            "moleculer.request.active",
                            "moleculer.request.error.total",
                            "moleculer.request.time",
                            "moleculer.event.emit.total",
                            "moleculer.event.received.total",
                            "moleculer.transit.publish.total",
                            "moleculer.transporter.packets.sent.total",
                            "moleculer.transporter.packets.sent.bytes",
                            "moleculer.transporter.packets.received.total",
                            "moleculer.transporter.packets.received.bytes");

            JsonNode total = node.call(
                            "$node.metrics", Map.of("includes", "moleculer.request.total", "types", List.of("counter")))
                    .join();
            assertThat(total).hasSize(1);
            JsonNode metric = total.get(0);
            assertThat(NodeServiceTest.fields(metric))
                    .containsExactly("type", "name", "description", "labelNames", "unit", "values");
            assertThat(metric.get("labelNames").toString()).isEqualTo("[\"service\",\"action\",\"type\",\"caller\"]");
            JsonNode run = java.util.stream.StreamSupport.stream(
                            metric.get("values").spliterator(), false)
                    .filter(v -> v.get("labels").path("action").asText().equals("flaky.run"))
                    .findFirst()
                    .orElseThrow();
            assertThat(run.get("key").asText()).isEqualTo("\"flaky\"|\"flaky.run\"|\"local\"|");
            assertThat(run.get("value").asLong()).isEqualTo(10);
            assertThat(run.get("labels").toString())
                    .isEqualTo("{\"service\":\"flaky\",\"action\":\"flaky.run\",\"type\":\"local\"}");

            JsonNode time = node.call("$node.metrics", Map.of("includes", "moleculer.request.time"))
                    .join()
                    .get(0);
            assertThat(time.get("type").asText()).isEqualTo("histogram");
            JsonNode h = time.get("values").get(0);
            assertThat(NodeServiceTest.fields(h))
                    .contains("key", "labels", "count", "sum", "min", "mean", "max", "quantiles");
            assertThat(NodeServiceTest.fields(h.get("quantiles")))
                    .containsExactly("0.5", "0.9", "0.95", "0.99", "0.999");

            JsonNode noRequests = node.call("$node.metrics", Map.of("excludes", List.of("moleculer.request.**")))
                    .join();
            noRequests.forEach(m -> assertThat(m.get("name").asText()).doesNotStartWith("moleculer.request."));
        }
    }

    @Test
    void statisticsOffCountsNoCallsAndNodeMetricsSaysDisabled() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("n1", b -> b.statistics(false), flaky());
            node.call("flaky.run", Map.of("i", 1)).join();
            assertThat(node.statistics().enabled()).isFalse();
            assertThat(node.statistics().actions()).isEmpty();
            assertThatThrownBy(() -> node.call("$node.metrics", null).join())
                    .hasCauseInstanceOf(ClientException.class)
                    .hasMessageContaining("Metrics feature is disabled");
        }
    }

    @Test
    void healthFollowsTheLifecycle() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.builder("n1").build();
            BrokerHealth before = node.health();
            assertThat(before.live()).isTrue();
            assertThat(before.ready()).isFalse();
            assertThat(before.reasons()).containsExactly("not started");
            node.start();
            assertThat(node.health()).isEqualTo(new BrokerHealth("RUNNING", true, true, List.of()));
            node.stop();
            BrokerHealth after = node.health();
            assertThat(after.live()).isFalse();
            assertThat(after.ready()).isFalse();
            assertThat(after.reasons()).containsExactly("stopped");
        }
    }
}
