package io.mycelium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.mycelium.MyceliumException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The amqp-swarm client protocol on a real socket, against one gateway on a mesh of two brokers. */
class GatewayProtocolTest {
    private final TestMesh mesh = new TestMesh();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<JsonNode> heard = new CopyOnWriteArrayList<>();
    private ServiceBroker edge;
    private ServiceBroker services;
    private Gateway gateway;

    @BeforeEach
    void start() {
        services = mesh.broker("services");
        services.register(Service.named("math")
                .action(
                        "add",
                        ctx -> ctx.params().path("a").asInt()
                                + ctx.params().path("b").asInt())
                .action("fail", ctx -> {
                    throw new MyceliumException(
                            "nope", 418, "NOPE", Json.object().put("x", 1));
                })
                .action("slow", ctx -> {
                    Thread.sleep(2_000);
                    return "late";
                })
                .action("hold", ctx -> {
                    release.await(10, TimeUnit.SECONDS);
                    return "held";
                })
                .build());
        services.register(
                Service.named("secret").action("get", ctx -> "classified").build());
        services.register(Service.named("listener")
                .event("news.**", ctx -> heard.add(ctx.data()))
                .build());
        services.start();
        edge = mesh.broker("edge");
        gateway = mesh.gateway(
                edge,
                GatewayOptions.builder()
                        .allowActions("math.*")
                        .allowEvents("news.*")
                        .allowEmits("news.*")
                        .requestTimeout(Duration.ofMillis(800))
                        .maxInFlight(2)
                        .build());
        edge.start();
        gateway.start();
        edge.waitForServices(Duration.ofSeconds(5), "math", "secret", "listener")
                .join();
        services.waitForServices(Duration.ofSeconds(5), "$gateway").join();
    }

    @AfterEach
    void stop() {
        release.countDown();
        mesh.close();
    }

    private GatewayClient client(String path) {
        return GatewayClient.connect(TestMesh.uri(gateway, path));
    }

    private static ClientRequestException failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(f::join);
        assertThat(t).isInstanceOf(CompletionException.class);
        return ClientRequestException.from(t).orElseThrow(() -> new AssertionError("not a gateway error", t));
    }

    /** The HTTP status that refused a WebSocket upgrade. */
    static int handshakeStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable connect) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(connect);
        while (t != null) {
            if (t instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            t = t.getCause();
        }
        throw new AssertionError("the handshake was not refused");
    }

    @Test
    void callsAnAllowedActionWithTheFirstArgumentAsParams() {
        try (GatewayClient c = client("/alice")) {
            assertThat(c.request("math.add", Map.of("a", 1, "b", 2)).join()).isEqualTo(IntNode.valueOf(3));
        }
    }

    @Test
    void aHandlersErrorArrivesAsEndpointWithTheMoleculerErrorAsData() {
        try (GatewayClient c = client("/alice")) {
            ClientRequestException e = failure(c.request("math.fail"));
            assertThat(e.errorType()).isEqualTo("endpoint");
            assertThat(e.errorSubtype()).isEmpty();
            assertThat(e.getMessage()).isEqualTo("nope");
            assertThat(e.swarmData().path("code").asInt()).isEqualTo(418);
            assertThat(e.swarmData().path("type").asText()).isEqualTo("NOPE");
            assertThat(e.swarmData().path("data").path("x").asInt()).isEqualTo(1);
        }
    }

    @Test
    void unknownAndNotAllowedNamesGetTheSameUnhandledAnswer() {
        try (GatewayClient c = client("/alice")) {
            ClientRequestException unknown = failure(c.request("math.missing"));
            ClientRequestException denied = failure(c.request("secret.get"));
            for (ClientRequestException e : List.of(unknown, denied)) {
                assertThat(e.errorType()).isEqualTo("protocol");
                assertThat(e.errorSubtype()).contains("unhandled");
            }
            assertThat(unknown.getMessage()).isEqualTo("No handler found for request 'math.missing'");
            assertThat(denied.getMessage()).isEqualTo("No handler found for request 'secret.get'");
        }
    }

    @Test
    void aMeshTimeoutIsAProtocolTimeout() {
        try (GatewayClient c = client("/alice")) {
            ClientRequestException e = failure(c.request("math.slow"));
            assertThat(e.errorType()).isEqualTo("protocol");
            assertThat(e.errorSubtype()).contains("timeout");
        }
    }

    @Test
    void clientHandlersRunInOrderAndThrowWithData() {
        gateway.onClient("greet", ctx -> "Hello " + ctx.args().path(0).asText())
                .onClient(
                        "greet",
                        ctx -> ctx.result().asText() + " from " + ctx.node().id())
                .onClient("refuse", ctx -> {
                    throw ctx.fail("take a seat", Map.of("council", true));
                });
        try (GatewayClient c = client("/anakin")) {
            assertThat(c.request("greet", "there").join().asText()).isEqualTo("Hello there from anakin");
            ClientRequestException e = failure(c.request("refuse"));
            assertThat(e.errorType()).isEqualTo("endpoint");
            assertThat(e.getMessage()).isEqualTo("take a seat");
            assertThat(e.swarmData().path("council").asBoolean()).isTrue();
        }
    }

    @Test
    void malformedMessagesGetATypedProtocolErrorAndTheConnectionStays() throws Exception {
        try (RawClient raw = RawClient.connect(TestMesh.uri(gateway, "/raw"))) {
            assertThat(raw.next().path("type").asText()).isEqualTo("init");
            raw.sendText("not json");
            JsonNode e = raw.next("error");
            assertThat(e.path("errorType").asText()).isEqualTo("protocol");
            assertThat(e.path("errorSubtype").isNull()).isTrue();
            raw.sendText("{\"type\":\"request\",\"correlationId\":\"7\"}");
            assertThat(raw.next("error").path("correlationId").asText()).isEqualTo("7");
            raw.sendText("{\"type\":\"x-unknown\",\"correlationId\":\"8\"}");
            assertThat(raw.next("error").path("message").asText()).contains("x-unknown");
            raw.sendBinary("{\"type\":\"ping\",\"correlationId\":\"foo\"}");
            assertThat(raw.next("pong").path("correlationId").asText()).isEqualTo("foo");
            raw.sendBinary(
                    "{\"type\":\"request\",\"name\":\"math.add\",\"args\":[{\"a\":2,\"b\":3}],\"correlationId\":\"9\"}");
            JsonNode r = raw.next("response");
            assertThat(r.path("correlationId").asText()).isEqualTo("9");
            assertThat(r.path("result").asInt()).isEqualTo(5);
        }
    }

    @Test
    void requestsBeyondTheInFlightLimitAreRefused() {
        try (GatewayClient c = client("/busy")) {
            CompletableFuture<JsonNode> a = c.request("math.hold");
            CompletableFuture<JsonNode> b = c.request("math.hold");
            ClientRequestException e = failure(c.request("math.add", Map.of("a", 1, "b", 1)));
            assertThat(e.errorType()).isEqualTo("protocol");
            assertThat(e.getMessage()).contains("Too many requests in flight");
            release.countDown();
            assertThat(a.join().asText()).isEqualTo("held");
            assertThat(b.join().asText()).isEqualTo("held");
        }
    }

    @Test
    void theMeshRequestsAClientThroughGatewayRequest() {
        try (GatewayClient c = client("/alice")) {
            c.on("hello", args -> "hi " + args.path(0).asText());
            c.on("boom", args -> {
                throw ClientRequestException.endpoint("kaboom", Json.object().put("why", "test"));
            });
            JsonNode answer = services.call(
                            "$gateway.request", Map.of("client", "alice", "name", "hello", "args", List.of("mesh")))
                    .join();
            assertThat(answer.asText()).isEqualTo("hi mesh");
            assertThat(gateway.client("alice").request("hello", "java").join().asText())
                    .isEqualTo("hi java");

            ClientRequestException boom =
                    failure(services.call("$gateway.request", Map.of("client", "alice", "name", "boom")));
            assertThat(boom.errorType()).isEqualTo("endpoint");
            assertThat(boom.swarmData().path("why").asText()).isEqualTo("test");
            ClientRequestException none = failure(gateway.client("alice").request("nothing"));
            assertThat(none.errorSubtype()).contains("unhandled");
            ClientRequestException absent =
                    failure(services.call("$gateway.request", Map.of("client", "nobody", "name", "hello")));
            assertThat(absent.errorSubtype()).contains("unhandled");
            JsonNode list = services.call("$gateway.clients", null).join();
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("id").asText()).isEqualTo("alice");
            assertThat(list.get(0).path("gateway").asText()).isEqualTo("edge");
        }
    }

    @Test
    void subscribedEventsArriveAndAllowedEventsCanBeEmitted() {
        List<ClientEvent> events = new CopyOnWriteArrayList<>();
        try (GatewayClient c = client("/watcher")) {
            c.onEvent(events::add);
            assertThat(c.subscribe("news.*", "secret.*").join()).hasSize(2);
            services.emit("secret.plans", Map.of("n", 0)).join();
            services.emit("news.today", Map.of("n", 1)).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
            assertThat(events.get(0).name()).isEqualTo("news.today");
            assertThat(events.get(0).data().path("n").asInt()).isEqualTo(1);
            assertThat(events.get(0).sender()).isEqualTo("services");

            c.emit("news.fromClient", Map.of("n", 2)).join();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> heard.stream().anyMatch(d -> d.path("n").asInt() == 2));
            assertThat(failure(c.emit("secret.leak", Map.of())).errorSubtype()).contains("unhandled");

            c.request("$gateway.unsubscribe").join();
            // an event still in flight when the client subscribes again may arrive: the one emitted between
            // the two subscriptions matches only the first (news.later), never the second (news.today)
            services.emit("news.later", Map.of("n", 3)).join();
            c.subscribe("news.today").join();
            services.emit("news.today", Map.of("n", 5)).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                    .anyMatch(e -> e.data().path("n").asInt() == 5));
            assertThat(events).extracting(e -> e.data().path("n").asInt()).doesNotContain(0, 3);
        }
    }

    @Test
    void aSecondConnectionWithTheSameIdReplacesTheFirst() {
        GatewayClient first = client("/dup");
        try (GatewayClient second = client("/dup")) {
            first.closed().orTimeout(5, TimeUnit.SECONDS).join();
            second.on("who", args -> "second");
            assertThat(gateway.client("dup").request("who").join().asText()).isEqualTo("second");
            assertThat(gateway.clients()).extracting(ClientInfo::id).containsExactly("dup");
        } finally {
            first.close();
        }
    }

    @Test
    void anEmptyPathGetsAGeneratedId() {
        try (GatewayClient c = client("/")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.clients().size() == 1);
            assertThat(gateway.clients().get(0).id()).hasSizeGreaterThan(10);
        }
    }

    @Test
    void aNonUpgradeRequestIsNotFound() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var res = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/x"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(404);
    }

    @Test
    void anIdThatIsNotValidIsRefused() {
        assertThat(handshakeStatus(() -> client("/a%20b"))).isEqualTo(400);
    }
}
