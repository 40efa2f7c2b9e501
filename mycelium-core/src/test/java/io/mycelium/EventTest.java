package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventTest {
    /** Counts deliveries per "group/node", and each event id per group. */
    static final class Counter {
        final Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> perGroupAndSeq = new ConcurrentHashMap<>();

        Service service(String name, String node) {
            return Service.named(name)
                    .event("order.*", ctx -> {
                        perNode.computeIfAbsent(name + "/" + node, k -> new AtomicInteger())
                                .incrementAndGet();
                        perGroupAndSeq
                                .computeIfAbsent(
                                        name + "#" + ctx.params().get("seq").asInt(), k -> new AtomicInteger())
                                .incrementAndGet();
                    })
                    .build();
        }

        int count(String key) {
            return perNode.getOrDefault(key, new AtomicInteger()).get();
        }

        int total(String prefix) {
            return perNode.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .mapToInt(e -> e.getValue().get())
                    .sum();
        }
    }

    @Test
    void balancedEventsReachExactlyOneHandlerPerGroup() {
        Counter c = new Counter();
        try (Mesh mesh = new Mesh()) {
            mesh.broker("n1", c.service("billing", "n1"), c.service("mail", "n1"));
            mesh.broker("n2", c.service("billing", "n2"));
            mesh.broker("n3", c.service("billing", "n3"), c.service("mail", "n3"));
            ServiceBroker emitter = mesh.broker("emitter");
            await().until(() -> emitter.call("$node.events", null).join().findValues("count").stream()
                            .mapToInt(n -> n.asInt())
                            .sum()
                    == 5);

            for (int i = 0; i < 1000; i++) {
                emitter.emit("order.created", Map.of("seq", i)).join();
            }

            await().until(() -> c.total("billing/") == 1000 && c.total("mail/") == 1000);
            assertThat(c.perGroupAndSeq).hasSize(2000);
            assertThat(c.perGroupAndSeq.values()).allMatch(n -> n.get() == 1);
            assertThat(c.count("billing/n1")).isBetween(200, 500);
            assertThat(c.count("billing/n2")).isBetween(200, 500);
            assertThat(c.count("mail/n1")).isBetween(300, 700);
        }
    }

    @Test
    void broadcastReachesEveryHandlerAndEmitCanBeLimitedToGroups() {
        Counter c = new Counter();
        try (Mesh mesh = new Mesh()) {
            mesh.broker("n1", c.service("billing", "n1"), c.service("mail", "n1"));
            mesh.broker("n2", c.service("billing", "n2"));
            ServiceBroker emitter = mesh.broker("emitter", c.service("billing", "emitter"));
            await().until(() -> emitter.call("$node.events", null).join().findValues("count").stream()
                            .mapToInt(n -> n.asInt())
                            .sum()
                    == 4);

            emitter.broadcast("order.paid", Map.of("seq", 1)).join();
            await().until(() -> c.total("") == 4);
            assertThat(c.perNode.keySet())
                    .containsExactlyInAnyOrder("billing/n1", "mail/n1", "billing/n2", "billing/emitter");

            emitter.emit("order.paid", Map.of("seq", 2), EmitOptions.groups("mail"))
                    .join();
            await().until(() -> c.total("") == 5);
            assertThat(c.count("mail/n1")).isEqualTo(2);

            emitter.broadcastLocal("order.paid", Map.of("seq", 3)).join();
            await().until(() -> c.total("") == 6);
            assertThat(c.count("billing/emitter")).isEqualTo(2);
        }
    }

    @Test
    void deliversNodeAndServiceEventsToLocalHandlers() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Service watcher = Service.named("watcher")
                .event(
                        "$node.connected",
                        ctx -> seen.add(
                                "connected " + ctx.params().at("/node/id").asText()))
                .event(
                        "$node.disconnected",
                        ctx -> seen.add(
                                "disconnected " + ctx.params().at("/node/id").asText() + " "
                                        + ctx.params().get("unexpected").asBoolean()))
                .event("$services.changed", ctx -> seen.add("changed"))
                .build();
        try (Mesh mesh = new Mesh()) {
            mesh.broker("watch", watcher);
            ServiceBroker other = mesh.broker("other", Service.named("x").build());

            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("connected other"));
            other.stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("disconnected other false"));
            assertThat(seen).contains("changed");
        }
    }
}
