package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Moleculer 0.15.2 node reads a Java node's {@code $node.metrics} and finds Moleculer's metric names,
 * labels and value shapes: what a Moleculer dashboard or reporter polling the mesh sees. One cell (NATS,
 * JSON) is enough: the answer is an ordinary action result, the same on every transport.
 */
class NodeMetricsInteropTest {
    private static final int CALLS = 7;

    @Test
    void aMoleculerNodeReadsAJavaNodesMetricsUnderMoleculersNames() {
        try (Mesh mesh = Mesh.start(new Cell(Transport.NATS, Wire.JSON))) {
            for (int i = 0; i < CALLS; i++) {
                mesh.node.command("call", Map.of("action", "java-math.add", "params", Map.of("a", i, "b", 1)));
            }
            JsonNode metrics = mesh.node
                    .command(
                            "call",
                            Map.of(
                                    "action",
                                    "$node.metrics",
                                    "params",
                                    Map.of("includes", List.of("moleculer.request.**", "moleculer.transporter.**")),
                                    "nodeID",
                                    mesh.java.nodeId()))
                    .path("data");

            List<String> names = new ArrayList<>();
            metrics.forEach(m -> names.add(m.path("name").asText()));
            assertThat(names)
                    .containsExactly(
                            "moleculer.request.total",
                            "moleculer.request.active",
                            "moleculer.request.error.total",
                            "moleculer.request.time",
                            "moleculer.transporter.packets.sent.total",
                            "moleculer.transporter.packets.sent.bytes",
                            "moleculer.transporter.packets.received.total",
                            "moleculer.transporter.packets.received.bytes");

            JsonNode total = metrics.get(0);
            assertThat(total.path("type").asText()).isEqualTo("counter");
            JsonNode add = value(total, "java-math.add");
            assertThat(add.path("value").asLong()).isEqualTo(CALLS);
            assertThat(add.path("labels").path("type").asText()).isEqualTo("local");
            assertThat(add.path("labels").path("service").asText()).isEqualTo("java-math");

            JsonNode time = value(metrics.get(3), "java-math.add");
            assertThat(time.path("count").asLong()).isEqualTo(CALLS);
            assertThat(time.path("quantiles").path("0.99").isNumber()).isTrue();
            assertThat(metrics.get(6).path("values").get(0).path("value").asLong())
                    .isGreaterThanOrEqualTo(CALLS);
        }
    }

    private static JsonNode value(JsonNode metric, String action) {
        for (JsonNode v : metric.path("values")) {
            if (v.path("labels").path("action").asText().equals(action)) {
                return v;
            }
        }
        throw new AssertionError(action + " not in " + metric);
    }
}
