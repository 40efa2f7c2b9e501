package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.mycelium.ActionDefinition;
import io.mycelium.EventDefinition;
import io.mycelium.Service;
import io.mycelium.stats.EventStatistics;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seeds' rows with a Moleculer node: an action added to and removed from a running Java service is seen
 * (and called) by the Moleculer node at once; a Java subscription limited to one emitting service takes only
 * that service's events from Moleculer (the EVENT's {@code caller}); an invalid event from Moleculer is
 * dropped before the Java handler and counted.
 */
class SeedsInteropTest {

    record Order(@NotBlank String id) {}

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Transport.class,
            names = {"TCP_STATIC", "NATS"})
    void runTimeHandlersEventSourcesAndEventSchemasWithAMoleculerNode(Transport transport) {
        try (Mesh mesh = Mesh.start(new Cell(transport, Wire.JSON))) {
            String javaId = mesh.java.nodeId();
            List<String> fromOrders = new CopyOnWriteArrayList<>();
            List<String> valid = new CopyOnWriteArrayList<>();
            mesh.java.register(Service.named("robot")
                    .action("ping", ctx -> "pong")
                    .event(EventDefinition.of(
                                    "order.created",
                                    ctx -> fromOrders.add(ctx.data().path("id").asText()))
                            .fromService("orders"))
                    .build());
            mesh.java.register(Service.named("ledger")
                    .event("order.placed", Order.class, (ctx, o) -> valid.add(o.id()))
                    .build());
            mesh.awaitSeen(mesh.node, javaId, "robot", "ledger");

            // handle: the Moleculer node sees the new action within a second and calls it
            mesh.java.addAction(
                    "robot",
                    ActionDefinition.of("walk", ctx -> "walking " + ctx.params().path("steps")));
            await().atMost(Duration.ofSeconds(1)).until(() -> mesh.node
                    .command("hasAction", Map.of("action", "robot.walk"))
                    .asBoolean());
            assertThat(mesh.node
                            .command("call", Map.of("action", "robot.walk", "params", Map.of("steps", 2)))
                            .path("data")
                            .asText())
                    .isEqualTo("walking 2");
            // unhandle: gone from the Moleculer registry within a second; a call then gets Moleculer's typed 404
            assertThat(mesh.java.removeAction("robot", "walk")).isTrue();
            await().atMost(Duration.ofSeconds(1)).until(() -> !mesh.node
                    .command("hasAction", Map.of("action", "robot.walk"))
                    .asBoolean());
            NodePeer.NodeCommandException gone = catchThrowableOfType(
                    NodePeer.NodeCommandException.class,
                    () -> mesh.node.command("call", Map.of("action", "robot.walk", "params", Map.of())));
            // Moleculer's own registry answers: NotAvailable when it still lists the name with no endpoint left
            assertThat(gone.error().path("name").asText()).isIn("ServiceNotFoundError", "ServiceNotAvailableError");
            assertThat(gone.error().path("code").asInt()).isEqualTo(404);

            // service|||topic: only the events whose caller is "orders" reach the handler
            mesh.node.command("emit", Map.of("event", "order.created", "data", Map.of("id", "a"), "caller", "orders"));
            mesh.node.command("emit", Map.of("event", "order.created", "data", Map.of("id", "b"), "caller", "returns"));
            mesh.node.command("emit", Map.of("event", "order.created", "data", Map.of("id", "c")));
            mesh.node.command(
                    "broadcast", Map.of("event", "order.created", "data", Map.of("id", "d"), "caller", "orders"));

            // the lexicon: an invalid order never reaches the handler, and is counted
            mesh.node.command("emit", Map.of("event", "order.placed", "data", Map.of("id", "")));
            mesh.node.command("emit", Map.of("event", "order.placed", "data", Map.of("id", "o1")));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(fromOrders).containsExactlyInAnyOrder("a", "d");
                assertThat(valid).containsExactly("o1");
                assertThat(mesh.java.statistics().events().stream()
                                .filter(e -> e.service().equals("ledger"))
                                .mapToLong(EventStatistics::errors)
                                .sum())
                        .isEqualTo(1);
            });
        }
    }
}
