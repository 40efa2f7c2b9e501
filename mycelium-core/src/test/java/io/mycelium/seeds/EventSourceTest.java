package io.mycelium.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.Event;
import io.mycelium.EventDefinition;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** atom.js's {@code service|||topic}: a subscription limited to the events of one service or node. */
class EventSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A service whose action emits {@code topic} from its context, so the event names it as caller. */
    private static Service emitting(String name) {
        return Service.named(name)
                .action("fire", ctx -> {
                    ctx.emit(
                                    "thing.happened",
                                    Map.of("by", ctx.params().path("tag").asText()))
                            .join();
                    ctx.broadcast(
                                    "thing.broadcast",
                                    Map.of("by", ctx.params().path("tag").asText()))
                            .join();
                    return true;
                })
                .build();
    }

    @ServiceName("annotatedListener")
    static final class Annotated {
        final List<String> got = new CopyOnWriteArrayList<>();

        @Event(value = "thing.happened", fromService = "payments")
        void happened(Map<String, Object> data) {
            got.add((String) data.get("by"));
        }
    }

    @ParameterizedTest
    @EnumSource(Meshes.Kind.class)
    void aSubscriptionTakesOnlyTheEventsOfTheNamedServiceOrNode(Meshes.Kind kind) throws Exception {
        List<String> fromPayments = new CopyOnWriteArrayList<>();
        List<String> fromNode = new CopyOnWriteArrayList<>();
        List<String> any = new CopyOnWriteArrayList<>();
        List<String> broadcastFromPayments = new CopyOnWriteArrayList<>();
        Annotated annotated = new Annotated();
        try (Meshes mesh = new Meshes(kind)) {
            ServiceBroker listener = mesh.broker(
                    "listener",
                    Service.named("audit")
                            .event(EventDefinition.of(
                                            "thing.happened",
                                            ctx -> fromPayments.add(
                                                    ctx.data().path("by").asText()))
                                    .fromService("payments"))
                            .event(EventDefinition.of(
                                            "thing.broadcast",
                                            ctx -> broadcastFromPayments.add(
                                                    ctx.data().path("by").asText()))
                                    .fromService("payments"))
                            .build(),
                    Service.named("watch")
                            .event(EventDefinition.of("thing.*", ctx -> {
                                if (ctx.eventName().orElseThrow().equals("thing.happened")) {
                                    any.add(ctx.data().path("by").asText());
                                }
                            }))
                            .build());
            listener.register(annotated);
            listener.register(emitting("payments")); // a local emitter: delivered without the transporter
            ServiceBroker a = mesh.broker("a", emitting("payments"));
            ServiceBroker b = mesh.broker("b", emitting("shipping"));
            listener.register(Service.named("bynode")
                    .event(EventDefinition.of(
                                    "thing.happened",
                                    ctx -> fromNode.add(ctx.data().path("by").asText()))
                            .fromNode(b.nodeId()))
                    .build());
            Meshes.await(a, "audit", "watch", "annotatedListener", "bynode");
            Meshes.await(b, "audit", "watch", "annotatedListener", "bynode");
            Meshes.await(listener, "payments", "shipping");

            // remote emitters, then the listener's own node (local delivery), then outside any service
            a.call("payments.fire", Map.of("tag", "p1")).get(10, TimeUnit.SECONDS);
            b.call("shipping.fire", Map.of("tag", "s1")).get(10, TimeUnit.SECONDS);
            listener.call("payments.fire", Map.of("tag", "p2")).get(10, TimeUnit.SECONDS);
            listener.call("shipping.fire", Map.of("tag", "s2")).get(10, TimeUnit.SECONDS);
            a.emit("thing.happened", Map.of("by", "nobody")).get(10, TimeUnit.SECONDS);
            listener.emit("thing.happened", Map.of("by", "nobody-local")).get(10, TimeUnit.SECONDS);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(any).containsExactlyInAnyOrder("p1", "s1", "p2", "s2", "nobody", "nobody-local");
                assertThat(fromPayments).containsExactlyInAnyOrder("p1", "p2");
                assertThat(annotated.got).containsExactlyInAnyOrder("p1", "p2");
                assertThat(broadcastFromPayments).containsExactlyInAnyOrder("p1", "p2");
                assertThat(fromNode).containsExactlyInAnyOrder("s1", "s2"); // shipping runs on b only
            });
            Thread.sleep(300); // nothing more arrives late (no timing assertion: a bounded settle for stragglers)
            assertThat(fromPayments).hasSize(2);
            assertThat(fromNode).hasSize(2);
        }
    }
}
