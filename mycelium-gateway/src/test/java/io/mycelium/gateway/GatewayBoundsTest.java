package io.mycelium.gateway;

import static io.mycelium.gateway.GatewayProtocolTest.handshakeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.ServiceBroker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token, origin, frame size, connection count, idle time and the slow-reader cut-off, each on a real socket. */
class GatewayBoundsTest {
    private final TestMesh mesh = new TestMesh();

    @AfterEach
    void stop() {
        mesh.close();
    }

    private Gateway gateway(GatewayOptions options) {
        ServiceBroker b = mesh.broker("edge");
        Gateway g = mesh.gateway(b, options);
        b.start();
        g.start();
        return g;
    }

    @Test
    void aTokenIsCheckedBeforeTheUpgrade() {
        Gateway g = gateway(GatewayOptions.builder().token("s3cret").build());
        assertThat(handshakeStatus(() -> GatewayClient.connect(TestMesh.uri(g, "/a"))))
                .isEqualTo(401);
        assertThat(handshakeStatus(() -> GatewayClient.connect(TestMesh.uri(g, "/a?token=wrong"))))
                .isEqualTo(401);
        try (GatewayClient c = GatewayClient.connect(TestMesh.uri(g, "/a?token=s3cret"))) {
            assertThat(c.closed()).isNotDone();
        }
        try (GatewayClient c = GatewayClient.connect(
                TestMesh.uri(g, "/b"), Map.of("Authorization", "Bearer s3cret"), Duration.ofSeconds(5))) {
            assertThat(c.closed()).isNotDone();
        }
    }

    @Test
    void aHolderOfTheSharedTokenCannotTakeOverAClientWithATokenOfItsOwn() throws Exception {
        Gateway g = gateway(GatewayOptions.builder()
                .token("shared")
                .clientToken("alice", "a-key")
                .build());
        try (GatewayClient alice = GatewayClient.connect(TestMesh.uri(g, "/alice?token=a-key"))) {
            assertThat(handshakeStatus(() -> GatewayClient.connect(TestMesh.uri(g, "/alice?token=shared"))))
                    .isEqualTo(403);
            assertThat(handshakeStatus(() -> GatewayClient.connect(
                            TestMesh.uri(g, "/alice"),
                            Map.of("Authorization", "Bearer shared"),
                            Duration.ofSeconds(5))))
                    .isEqualTo(403);
            // Alice's session was not replaced (a second connection under her ID would have closed it): her
            // requests are still answered (here by the error of an action that is not allowed)
            assertThat(alice.subscribe("x.*").handle((r, e) -> "answered").get(5, TimeUnit.SECONDS))
                    .isEqualTo("answered");
            assertThat(alice.closed()).isNotDone();
            try (GatewayClient other = GatewayClient.connect(TestMesh.uri(g, "/mallory?token=shared"))) {
                assertThat(other.closed()).isNotDone();
            }
            // her own token still lets her reconnect (the newer connection replaces the older)
            try (GatewayClient again = GatewayClient.connect(TestMesh.uri(g, "/alice?token=a-key"))) {
                assertThat(again.closed()).isNotDone();
                assertThat(alice.closed()).succeedsWithin(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void theGatewaysOwnMeshActionsAreNeverCallableByClients() {
        Gateway g = gateway(GatewayOptions.builder().allowActions("**").build());
        try (GatewayClient c = GatewayClient.connect(TestMesh.uri(g, "/probe"))) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                    () -> c.request("$gateway.clients").join());
            assertThat(ClientRequestException.from(t).orElseThrow().errorSubtype())
                    .contains("unhandled");
            assertThat(c.request("$node.list").join().isArray()).isTrue(); // what "**" allows, it allows
        }
    }

    @Test
    void onlyAllowedOriginsMayUpgrade() {
        Gateway g = gateway(
                GatewayOptions.builder().allowOrigins("https://app.example").build());
        assertThat(handshakeStatus(() -> GatewayClient.connect(
                        TestMesh.uri(g, "/a"), Map.of("Origin", "https://evil.example"), Duration.ofSeconds(5))))
                .isEqualTo(403);
        try (GatewayClient c = GatewayClient.connect(
                TestMesh.uri(g, "/a"), Map.of("Origin", "https://app.example"), Duration.ofSeconds(5))) {
            assertThat(c.closed()).isNotDone();
        }
    }

    @Test
    void aMessageLargerThanTheMaximumClosesTheConnection() throws Exception {
        Gateway g = gateway(GatewayOptions.builder().maxFramePayload(1024).build());
        try (RawClient raw = RawClient.connect(TestMesh.uri(g, "/big"))) {
            assertThat(raw.next().path("type").asText()).isEqualTo("init");
            raw.sendText("{\"type\":\"ping\",\"correlationId\":\"" + "x".repeat(2000) + "\"}");
            assertThat(raw.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> g.clients().isEmpty());
    }

    @Test
    void connectionsBeyondTheMaximumAreRefused() {
        Gateway g = gateway(GatewayOptions.builder().maxConnections(1).build());
        try (GatewayClient first = GatewayClient.connect(TestMesh.uri(g, "/one"))) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                    () -> GatewayClient.connect(TestMesh.uri(g, "/two")));
            assertThat(t).isNotNull();
            assertThat(g.clients()).extracting(ClientInfo::id).containsExactly("one");
            assertThat(first.closed()).isNotDone();
        }
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        Gateway g = gateway(GatewayOptions.builder()
                .idleTimeout(Duration.ofMillis(500))
                .pingInterval(Duration.ofSeconds(30))
                .build());
        try (RawClient raw = RawClient.connect(TestMesh.uri(g, "/quiet"))) {
            assertThat(raw.next().path("type").asText()).isEqualTo("init");
            raw.closed.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> g.clients().isEmpty());
    }

    @Test
    void aClientThatAnswersNoPingIsDisconnected() throws Exception {
        Gateway g = gateway(
                GatewayOptions.builder().pingInterval(Duration.ofMillis(300)).build());
        try (RawClient raw = RawClient.connect(TestMesh.uri(g, "/deaf"))) {
            assertThat(raw.next().path("type").asText()).isEqualTo("init");
            assertThat(raw.next("ping").path("correlationId").isTextual()).isTrue();
            raw.closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOff() {
        ServiceBroker b = mesh.broker("edge");
        Gateway g = mesh.gateway(
                b,
                GatewayOptions.builder()
                        .allowEvents("flood")
                        .writeBufferWaterMarks(8 * 1024, 64 * 1024)
                        .slowClientTimeout(Duration.ofMillis(500))
                        .pingInterval(Duration.ofSeconds(30))
                        .build());
        b.start();
        g.start();
        String payload = "x".repeat(64 * 1024);
        AtomicInteger readerGot = new AtomicInteger();
        try (GatewayClient reader = GatewayClient.connect(TestMesh.uri(g, "/reader"));
                RawClient stalled = RawClient.stalled(URI.create("ws://127.0.0.1:" + g.port() + "/stalled"))) {
            reader.onEvent(e -> readerGot.incrementAndGet());
            reader.subscribe("flood").join();
            // the stalled client reads init only; it subscribes without reading the answer
            stalled.sendText(
                    "{\"type\":\"request\",\"name\":\"$gateway.subscribe\",\"args\":[\"flood\"],\"correlationId\":\"s\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> g.clients().size() == 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int sent = 0;
            // lock-step with the reader: it is never more than one event behind, the stalled client falls behind
            while (g.clients().size() == 2 && System.nanoTime() < deadline && sent < 5_000) {
                b.broadcastLocal("flood", Map.of("p", payload)).join();
                sent++;
                int expected = sent;
                await().atMost(Duration.ofSeconds(5)).until(() -> readerGot.get() >= expected);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> g.clients().size() == 1);
            assertThat(g.clients()).extracting(ClientInfo::id).containsExactly("reader");
            assertThat(reader.closed()).isNotDone();
        }
    }
}
