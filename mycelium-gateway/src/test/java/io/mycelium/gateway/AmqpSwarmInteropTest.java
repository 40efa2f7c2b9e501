package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real amqp-swarm 0.3.2 client from npm (with ws), unchanged, in Node 20 against a gateway: what its
 * README and protocol guide promise must hold against Mycelium.
 */
class AmqpSwarmInteropTest {
    private final TestMesh mesh = new TestMesh();
    private ServiceBroker edge;
    private ServiceBroker far;
    private GatewayOptions options;
    private Gateway gateway;

    @BeforeEach
    void start() {
        far = mesh.broker("far");
        far.register(Service.named("math")
                .action(
                        "add",
                        ctx -> ctx.params().path("a").asInt()
                                + ctx.params().path("b").asInt())
                .action("zero", ctx -> ctx.params())
                .action("fail", ctx -> {
                    throw new MyceliumException(
                            "nope", 418, "NOPE", Json.object().put("x", 1));
                })
                .build());
        far.register(Service.named("secret").action("get", ctx -> "classified").build());
        far.start();
        edge = mesh.broker("edge");
        options = GatewayOptions.builder()
                .allowActions("math.*")
                .allowEvents("news.*")
                .pingInterval(Duration.ofSeconds(1))
                .build();
        gateway = mesh.gateway(edge, options);
        gateway.onClient("whoami", ctx -> ctx.node().id());
        edge.start();
        gateway.start();
        edge.waitForServices(Duration.ofSeconds(5), "math", "secret").join();
        far.waitForServices(Duration.ofSeconds(5), "$gateway").join();
        // the npm client gives every request 1 s: warm the path once, as a running server would be
        try (GatewayClient warm = GatewayClient.connect(TestMesh.uri(gateway, "/warm-up"))) {
            warm.request("math.add", Map.of("a", 1, "b", 1)).join();
        }
    }

    @AfterEach
    void stop() {
        mesh.close();
    }

    @Test
    void theNpmClientCallsActionsGetsTypedErrorsAndAnswersTheMesh() throws Exception {
        try (NodeClient node = NodeClient.start("basic", TestMesh.uri(gateway, "/npm-alice"))) {
            JsonNode add = node.next("add");
            assertThat(add.path("result").asInt()).as(add.toString()).isEqualTo(3);
            assertThat(node.next("noargs").path("result").isObject()).isTrue();
            JsonNode fail = node.next("fail").path("error");
            assertThat(fail.path("name").asText()).isEqualTo("AmqpSwarmReceivedError");
            assertThat(fail.path("type").asText()).isEqualTo("endpoint");
            assertThat(fail.path("subtype").isNull()).isTrue();
            assertThat(fail.path("message").asText()).isEqualTo("nope");
            assertThat(fail.path("data").path("code").asInt()).isEqualTo(418);
            assertThat(fail.path("data").path("data").path("x").asInt()).isEqualTo(1);
            for (String label : List.of("missing", "denied")) {
                JsonNode e = node.next(label).path("error");
                assertThat(e.path("type").asText()).as(label).isEqualTo("protocol");
                assertThat(e.path("subtype").asText()).as(label).isEqualTo("unhandled");
            }
            assertThat(node.next("handler").path("result").asText()).isEqualTo("npm-alice");
            assertThat(node.next("subscribe").path("result").get(0).asText()).isEqualTo("news.*");
            node.next("ready");

            JsonNode hi = far.call(
                            "$gateway.request", Map.of("client", "npm-alice", "name", "hello", "args", List.of("mesh")))
                    .join();
            assertThat(hi.asText()).isEqualTo("hi mesh!");
            ClientRequestException refused = ClientRequestException.from(org.assertj.core.api.Assertions.catchThrowable(
                            () -> far.call("$gateway.request", Map.of("client", "npm-alice", "name", "refuse"))
                                    .join()))
                    .orElseThrow();
            assertThat(refused.errorType()).isEqualTo("endpoint");
            assertThat(refused.getMessage()).isEqualTo("take a seat");
            assertThat(refused.swarmData().path("council").asBoolean()).isTrue();
            ClientRequestException unhandled = ClientRequestException.from(
                            org.assertj.core.api.Assertions.catchThrowable(() -> gateway.client("npm-alice")
                                    .request("nothing")
                                    .join()))
                    .orElseThrow();
            assertThat(unhandled.errorSubtype()).contains("unhandled");
            assertThat(unhandled.swarmData().path("requestName").asText()).isEqualTo("nothing");

            assertThat(gateway.client("npm-alice").request("finish").join().asText())
                    .isEqualTo("bye");
            node.next("closed");
            assertThat(node.waitForExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void aClientOnTheBrowsersWebSocketApiCallsAnActionAndReceivesAnEvent() throws Exception {
        try (NodeClient node = NodeClient.browserLike(TestMesh.uri(gateway, "/page"))) {
            assertThat(node.next("add").path("result").asInt()).isEqualTo(42);
            assertThat(node.next("subscribed").path("result").get(0).asText()).isEqualTo("news.*");
            far.emit("news.flash", Map.of("headline", "gateway ships")).join();
            JsonNode event = node.next("event").path("event");
            assertThat(event.path("name").asText()).isEqualTo("news.flash");
            assertThat(event.path("data").path("headline").asText()).isEqualTo("gateway ships");
            assertThat(event.path("sender").asText()).isEqualTo("far");
            assertThat(node.waitForExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void aPageInHeadlessChromiumCallsAnActionAndReceivesAnEvent() throws Exception {
        try (NodeClient browser = NodeClient.browser(TestMesh.uri(gateway, "/browser"))) {
            assertThat(browser.next("add", Duration.ofSeconds(60))
                            .path("result")
                            .asInt())
                    .isEqualTo(42);
            assertThat(browser.next("subscribed").path("result").get(0).asText())
                    .isEqualTo("news.*");
            far.emit("news.flash", Map.of("headline", "seen in a browser")).join();
            JsonNode event = browser.next("event");
            assertThat(event.path("event").path("data").path("headline").asText())
                    .isEqualTo("seen in a browser");
            assertThat(event.path("userAgent").asText()).contains("Chrome");
            assertThat(browser.waitForExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void theNpmClientStaysConnectedOverTenSecondsOfPings() throws Exception {
        try (NodeClient node = NodeClient.start("stay", TestMesh.uri(gateway, "/npm-stay"))) {
            JsonNode done = node.next("done", Duration.ofSeconds(30));
            assertThat(done.path("seconds").asDouble()).isGreaterThanOrEqualTo(10);
            assertThat(node.output()).doesNotContain("\"error\"");
            assertThat(node.waitForExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void theNpmClientReconnectsByItselfAfterTheGatewayRestarts() throws Exception {
        int port = gateway.port();
        URI uri = TestMesh.uri(gateway, "/npm-phoenix");
        try (NodeClient node = NodeClient.start("reconnect", uri)) {
            assertThat(node.next("first").path("result").asInt()).isEqualTo(2);
            node.next("restart-now");
            gateway.close();
            ServiceBroker second = mesh.broker("edge-2");
            Gateway again = mesh.gateway(
                    second,
                    GatewayOptions.builder().allowActions("math.*").port(port).build());
            second.start();
            second.waitForServices(Duration.ofSeconds(5), "math").join();
            again.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> again.clients().stream().anyMatch(c -> c.id().equals("npm-phoenix")));
            assertThat(again.client("npm-phoenix").request("finish").join().asInt())
                    .isEqualTo(4);
            node.next("closed");
            assertThat(node.waitForExit(Duration.ofSeconds(10))).isZero();
        }
    }
}
