package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateways and a plain node on one mesh: clients addressed by ID wherever they are attached. */
class CrossGatewayTest {
    private final TestMesh mesh = new TestMesh();
    private ServiceBroker far;
    private Gateway one;
    private Gateway two;

    @BeforeEach
    void start() {
        GatewayOptions options = GatewayOptions.builder().clientToClient(true).build();
        ServiceBroker b1 = mesh.broker("gw-1");
        ServiceBroker b2 = mesh.broker("gw-2");
        far = mesh.broker("far");
        one = mesh.gateway(b1, options);
        two = mesh.gateway(b2, options);
        two.onRemoteClient("greet", ctx -> {
                    if (ctx.args().path(0).asText().equals("direct")) {
                        ctx.pass(false);
                        return "answered by node " + ctx.node().id();
                    }
                    return List.of(ctx.result().path(0).asText() + " (edited by "
                            + ctx.node().id() + ", from " + ctx.sender().orElse("?") + ")");
                })
                .onServer(
                        "status",
                        ctx -> ctx.node().id() + " ok, asked by " + ctx.sender().orElse("?"));
        for (ServiceBroker b : List.of(b1, b2, far)) {
            b.start();
        }
        one.start();
        two.start();
        for (ServiceBroker b : List.of(b1, b2, far)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> far.survey("$gateway.attached", null, Duration.ofSeconds(1))
                                    .join()
                                    .answers()
                                    .size()
                            == 2);
            b.waitForServices(Duration.ofSeconds(5), "$gateway").join();
        }
    }

    @AfterEach
    void stop() {
        mesh.close();
    }

    @Test
    void aNodeAttachedNowhereRequestsAClientOnEitherGateway() {
        try (GatewayClient alice = GatewayClient.connect(TestMesh.uri(one, "/alice"))) {
            alice.on("where", args -> "alice on gw-1, " + args.path(0).asText());
            for (int i = 0; i < 4; i++) { // balanced over both gateways: direct and forwarded
                JsonNode r = far.call(
                                "$gateway.request", Map.of("client", "alice", "name", "where", "args", List.of(i)))
                        .join();
                assertThat(r.asText()).isEqualTo("alice on gw-1, " + i);
            }
            assertThat(two.client("alice").request("where", "java").join().asText())
                    .isEqualTo("alice on gw-1, java");
        }
    }

    @Test
    void remoteClientRequestsPassThroughTheRecipientsNode() {
        try (GatewayClient alice = GatewayClient.connect(TestMesh.uri(one, "/alice"));
                GatewayClient bob = GatewayClient.connect(TestMesh.uri(two, "/bob"))) {
            bob.on("greet", args -> "bob got: " + args.path(0).asText());
            assertThat(one.client("alice")
                            .remoteClientRequest("bob", "greet", "hi")
                            .join()
                            .asText())
                    .isEqualTo("bob got: hi (edited by bob, from alice)");
            assertThat(one.client("alice")
                            .remoteClientRequest("bob", "greet", "direct")
                            .join()
                            .asText())
                    .isEqualTo("answered by node bob");
            // the same from alice's own socket, as a client-to-client request
            assertThat(alice.request("$gateway.request", "bob", "greet", "yo")
                            .join()
                            .asText())
                    .isEqualTo("bob got: yo (edited by bob, from alice)");
            assertThat(one.client("alice").serverRequest("bob", "status").join().asText())
                    .isEqualTo("bob ok, asked by alice");
        }
    }

    @Test
    void aSecondConnectionOnAnotherGatewayReplacesTheFirst() {
        GatewayClient first = GatewayClient.connect(TestMesh.uri(one, "/carol"));
        try (GatewayClient second = GatewayClient.connect(TestMesh.uri(two, "/carol"))) {
            first.closed().orTimeout(10, TimeUnit.SECONDS).join();
            second.on("who", args -> "carol on gw-2");
            await().atMost(Duration.ofSeconds(5)).until(() -> one.clients().isEmpty());
            assertThat(two.clients()).extracting(ClientInfo::id).containsExactly("carol");
            assertThat(far.call("$gateway.request", Map.of("client", "carol", "name", "who"))
                            .join()
                            .asText())
                    .isEqualTo("carol on gw-2");
            JsonNode all = far.call("$gateway.clients", null).join();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).path("gateway").asText()).isEqualTo("gw-2");
        } finally {
            first.close();
        }
    }
}
