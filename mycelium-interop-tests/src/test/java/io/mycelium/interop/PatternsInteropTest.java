package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.Default;
import io.mycelium.Service;
import io.mycelium.SurveyResult;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The patterns of issue 6 against a real Moleculer node: a one-way REQUEST served by a Moleculer callee
 * (its RESPONSE, which nobody awaits, is dropped), a survey answered by Java and Moleculer instances, a
 * validated Java action failing for a Moleculer caller with Moleculer's {@code ValidationError} shape and
 * its schema read by Moleculer's registry, and a Java service toggled at run time seen by the Moleculer
 * node within a second (over TCP through the gossip push of the new INFO).
 */
class PatternsInteropTest {

    /** The params of {@code java-store.order}. */
    record Order(
            @NotBlank String item,
            @Min(1) @Max(10) int quantity,
            @Default("standard") String shipping) {}

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Transport.class,
            names = {"TCP_STATIC", "NATS"})
    void thePatternsWorkWithAMoleculerNode(Transport transport) {
        try (Mesh mesh = Mesh.start(new Cell(transport, Wire.JSON))) {
            String javaId = mesh.java.nodeId();
            AtomicInteger sink = new AtomicInteger();
            mesh.java.register(Service.named("java-sink")
                    .action("put", ctx -> sink.addAndGet(ctx.params().path("n").asInt())));
            mesh.java.register(Service.named("java-store").action("order", Order.class, (ctx, o) -> o));
            mesh.java.register(Service.named("shared").action("whoami", ctx -> javaId));
            NodePeer second = mesh.startNode("node2-" + mesh.namespace, "shared");
            mesh.awaitSeen(mesh.node, javaId, "java-sink", "java-store", "shared");
            mesh.java.waitForServices(Mesh.DISCOVERY_TIMEOUT, "shared").join();
            await().atMost(Mesh.DISCOVERY_TIMEOUT)
                    .until(() -> mesh.java
                                    .survey("shared.whoami", null, Duration.ofSeconds(2))
                                    .join()
                                    .replies()
                                    .size()
                            == 2);

            // one-way: the Moleculer callee relays to a Java action, the sender waits for nothing
            mesh.java
                    .send("node-math.relay", Map.of("action", "java-sink.put", "params", Map.of("n", 5)))
                    .join();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.get() == 5);

            // survey: one Java and one Moleculer instance answer
            SurveyResult survey = mesh.java
                    .survey("shared.whoami", null, Duration.ofSeconds(3))
                    .join();
            assertThat(survey.answers(String.class))
                    .containsOnly(Map.entry(javaId, javaId), Map.entry(second.nodeId(), second.nodeId()));

            // validation: a Moleculer caller gets Moleculer's ValidationError, field by field
            NodePeer.NodeCommandException invalid = catchThrowableOfType(
                    NodePeer.NodeCommandException.class,
                    () -> mesh.node.command(
                            "call",
                            Map.of("action", "java-store.order", "params", Map.of("item", "", "quantity", 20))));
            JsonNode error = invalid.error();
            assertThat(error.path("name").asText()).isEqualTo("ValidationError");
            assertThat(error.path("code").asInt()).isEqualTo(422);
            assertThat(error.path("type").asText()).isEqualTo("VALIDATION_ERROR");
            assertThat(List.of(
                            error.path("data").path(0).path("field").asText(),
                            error.path("data").path(1).path("field").asText()))
                    .containsExactly("item", "quantity");
            JsonNode ok = mesh.node.command(
                    "call", Map.of("action", "java-store.order", "params", Map.of("item", "pen", "quantity", 1)));
            assertThat(ok.path("data").path("shipping").asText()).isEqualTo("standard");
            JsonNode schema = schemaSeenByNode(mesh, "java-store.order");
            assertThat(schema.path("quantity").path("max").asInt()).isEqualTo(10);

            // toggling: the Moleculer node stops and resumes routing within a second
            assertThat(mesh.java.disableService("java-sink")).isTrue();
            await().atMost(Duration.ofSeconds(1)).until(() -> !mesh.node
                    .command("hasAction", Map.of("action", "java-sink.put"))
                    .asBoolean());
            assertThat(mesh.java.enableService("java-sink")).isTrue();
            await().atMost(Duration.ofSeconds(1)).until(() -> mesh.node
                    .command("hasAction", Map.of("action", "java-sink.put"))
                    .asBoolean());
        }
    }

    private static JsonNode schemaSeenByNode(Mesh mesh, String action) {
        for (JsonNode service : mesh.node.command("services", Map.of())) {
            JsonNode params = service.path("actions").path(action).path("params");
            if (params.isObject()) {
                return params;
            }
        }
        throw new AssertionError("the Moleculer node does not know the params of " + action);
    }
}
