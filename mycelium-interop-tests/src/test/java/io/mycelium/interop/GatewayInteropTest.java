package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.gateway.Gateway;
import io.mycelium.gateway.GatewayClient;
import io.mycelium.gateway.GatewayOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Moleculer 0.15 node and a Mycelium gateway in one mesh: the Moleculer node reaches a gateway client
 * with {@code $gateway.request}, and the client calls the Moleculer node's action through the gateway.
 */
class GatewayInteropTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Transport.class,
            names = {"TCP_STATIC", "NATS"})
    void aMoleculerNodeAndAGatewayClientReachEachOther(Transport transport) {
        try (Mesh mesh = Mesh.start(new Cell(transport, Wire.JSON));
                Gateway gateway = Gateway.builder(mesh.java)
                        .options(GatewayOptions.builder()
                                .allowActions("node-math.add")
                                .build())
                        .build()) {
            gateway.start();
            mesh.awaitSeen(mesh.node, mesh.java.nodeId());
            await().atMost(Mesh.DISCOVERY_TIMEOUT).until(() -> mesh.node
                    .command("hasAction", Map.of("action", "$gateway.request"))
                    .asBoolean());
            mesh.java.waitForServices(Mesh.DISCOVERY_TIMEOUT, "node-math").join();
            try (GatewayClient alice =
                    GatewayClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/alice"))) {
                alice.on("hello", args -> "hi " + args.path(0).asText());

                JsonNode r = mesh.node.command(
                        "call",
                        Map.of(
                                "action",
                                "$gateway.request",
                                "params",
                                Map.of("client", "alice", "name", "hello", "args", List.of("moleculer"))));
                assertThat(r.path("data").asText()).isEqualTo("hi moleculer");

                NodePeer.NodeCommandException e = catchThrowableOfType(
                        NodePeer.NodeCommandException.class,
                        () -> mesh.node.command(
                                "call",
                                Map.of(
                                        "action",
                                        "$gateway.request",
                                        "params",
                                        Map.of("client", "alice", "name", "nothing"))));
                assertThat(e.error().path("type").asText()).isEqualTo("GATEWAY_UNHANDLED");
                assertThat(e.error().path("data").path("errorType").asText()).isEqualTo("protocol");
                assertThat(e.error().path("data").path("errorSubtype").asText()).isEqualTo("unhandled");

                assertThat(alice.request("node-math.add", Map.of("a", 2, "b", 5))
                                .join()
                                .asInt())
                        .isEqualTo(7);
            }
        }
    }
}
