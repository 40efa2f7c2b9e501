package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.MyceliumException;
import io.mycelium.RetryableException;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * roletalk's "client as service": a dial-only node ({@code listen=false}) opens no listening socket and
 * still serves calls, events and streams, answered on the connections it opened.
 */
class TcpDialOnlyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final String namespace = "t-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<ServiceBroker> brokers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        brokers.forEach(ServiceBroker::stop);
    }

    private record Started(ServiceBroker broker, NettyTcpTransporter transporter) {
        String url() {
            return "127.0.0.1:" + transporter.port() + "/" + broker.nodeId();
        }

        String id() {
            return broker.nodeId();
        }
    }

    private Started listening(String name, Service... services) {
        return start(name, TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false), services);
    }

    private Started dialOnly(String name, UnaryOperator<TcpTransporterOptions.Builder> options, Service... services) {
        return start(
                name,
                options.apply(TcpTransporterOptions.builder().listen(false).udpDiscovery(false)),
                services);
    }

    private Started start(String name, TcpTransporterOptions.Builder options, Service... services) {
        NettyTcpTransporter t = NettyTcpTransporter.create(
                options.gossipPeriod(Duration.ofMillis(200)).build());
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(name + "-" + namespace)
                .namespace(namespace)
                .transporter(t)
                .requestTimeout(Duration.ofSeconds(5))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        for (Service s : services) {
            b.register(s);
        }
        brokers.add(b);
        b.start();
        return new Started(b, t);
    }

    private static Service who(String service, String node) {
        return Service.named(service).action("who", ctx -> node).build();
    }

    @Test
    void aDialOnlyNodeListensOnNothingAndServesCallsEventsAndStreams() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        ConcurrentLinkedQueue<String> atHub = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> atEdge = new ConcurrentLinkedQueue<>();
        Started hub = listening(
                "hub",
                Service.named("hub")
                        .action("who", ctx -> "hub")
                        .event(
                                "edge.said",
                                ctx -> atHub.add(ctx.params().path("text").asText()))
                        .build());
        Set<Integer> before = ListeningSockets.ofThisProcess();
        assertThat(before).as("the hub listens").contains(hub.transporter().port());

        Started edge = dialOnly(
                "edge",
                o -> o.urls(List.of(hub.url())),
                Service.named("edge")
                        .action("who", ctx -> "edge")
                        .action("upload", ctx -> {
                            byte[] bytes = ctx.stream().orElseThrow().readAllBytes();
                            return Map.of("size", bytes.length, "hash", Arrays.hashCode(bytes));
                        })
                        .event(
                                "hub.said",
                                ctx -> atEdge.add(ctx.params().path("text").asText()))
                        .build());

        hub.broker().waitForServices(PATIENCE, "edge").get(20, TimeUnit.SECONDS);
        edge.broker().waitForServices(PATIENCE, "hub").get(20, TimeUnit.SECONDS);

        // requests both ways, each answered on the one connection the edge opened
        assertThat(hub.broker().call("edge.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("edge");
        assertThat(edge.broker().call("hub.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("hub");
        // events both ways
        hub.broker().emit("hub.said", Map.of("text", "to the edge")).get(5, TimeUnit.SECONDS);
        edge.broker().emit("edge.said", Map.of("text", "to the hub")).get(5, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> atEdge.contains("to the edge") && atHub.contains("to the hub"));
        // a byte stream from the hub to the edge
        byte[] payload = new byte[512 * 1024];
        new SplittableRandom(3).nextBytes(payload);
        var reply = hub.broker()
                .call(
                        "edge.upload",
                        null,
                        CallOptions.builder().stream(new ByteArrayInputStream(payload))
                                .build())
                .get(20, TimeUnit.SECONDS);
        assertThat(reply.path("size").asInt()).isEqualTo(payload.length);
        assertThat(reply.path("hash").asInt()).isEqualTo(Arrays.hashCode(payload));

        // proven unreachable from outside: no listening socket was ever opened by the edge...
        assertThat(edge.transporter().port()).isZero();
        assertThat(ListeningSockets.ofThisProcess())
                .as("listening TCP ports of this JVM, before and after the edge started")
                .isEqualTo(before);
        // ...the only way back is the edge's own connection: the hub never dialled it
        assertThat(hub.transporter().connectionsTo(edge.id()))
                .allSatisfy(c -> assertThat(c.adopted).isTrue());
        // ...and every address it is known by refuses a connection
        List<InetSocketAddress> advertised = hub.transporter().advertisedAddresses(edge.id());
        assertThat(advertised).isNotEmpty().allSatisfy(a -> assertThat(a.getPort())
                .isZero());
        for (InetSocketAddress a : advertised) {
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), 1000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void whenItsConnectionDropsCallsInFlightFailRetryableAndTheNodeDialsAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Started hub = listening("hub", who("hub", "hub"));
        Started edge = dialOnly(
                "edge",
                o -> o.urls(List.of(hub.url())),
                Service.named("edge")
                        .action("who", ctx -> "edge")
                        .action("slow", ctx -> {
                            entered.countDown();
                            release.await(10, TimeUnit.SECONDS);
                            return "late";
                        })
                        .build());
        hub.broker().waitForServices(PATIENCE, "edge").get(20, TimeUnit.SECONDS);
        assertThat(hub.broker().call("edge.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("edge");

        CompletableFuture<String> inFlight = hub.broker().call("edge.slow", null, String.class);
        assertThat(entered.await(10, TimeUnit.SECONDS))
                .as("the slow handler runs")
                .isTrue();
        edge.transporter().connectionsTo(hub.id()).forEach(c -> {
            var ch = c.channel();
            if (ch != null) {
                ch.close();
            }
        });
        assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RetryableException.class);
        release.countDown();

        // the edge dials again (gossip round); the hub reaches it once more over the new connection
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                        hub.broker().call("edge.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("edge"));
    }

    @Test
    void aDialOnlyNodeCannotCallAnotherDialOnlyNodeAndSaysWhy() throws Exception {
        Started hub = listening("hub", who("hub", "hub"));
        Started one = dialOnly("one", o -> o.urls(List.of(hub.url())), who("one", "one"));
        Started two = dialOnly("two", o -> o.urls(List.of(hub.url())), who("two", "two"));
        // the hub reaches both over their connections
        hub.broker().waitForServices(PATIENCE, "one", "two").get(20, TimeUnit.SECONDS);
        assertThat(hub.broker().call("one.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("one");
        assertThat(hub.broker().call("two.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("two");
        // one learns of two through the hub's gossip, but has no way to it: a typed, immediate error
        one.broker().waitForServices(PATIENCE, "two").get(20, TimeUnit.SECONDS);
        assertThatThrownBy(() -> one.broker()
                        .call(
                                "two.who",
                                null,
                                CallOptions.builder().nodeId(two.id()).build(),
                                String.class)
                        .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(MyceliumException.class)
                .satisfies(e -> assertThat(((MyceliumException) e).type()).isEqualTo(TcpTransportException.DIAL_ONLY))
                .hasMessageContaining("dial-only");
        // which is no loss: two stays known and reachable through the hub's side
        assertThat(hub.broker().call("two.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("two");
        one.broker().waitForServices(Duration.ofSeconds(2), "two").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDialOnlyNodeFindsItsPeersByUdpBeaconsAndSendsNone() throws Exception {
        int udpPort = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20000);
        UnaryOperator<TcpTransporterOptions.Builder> udp = o -> o.udpDiscovery(true)
                .udpBindAddress("127.0.0.1")
                .udpPort(udpPort)
                .udpPeriod(Duration.ofMillis(300));
        Started hub = start("hub", udp.apply(TcpTransporterOptions.builder().host("127.0.0.1")), who("hub", "hub"));
        Started edge = start("edge", udp.apply(TcpTransporterOptions.builder().listen(false)), who("edge", "edge"));
        // no static URL: the edge hears the hub's beacons and dials it; the hub learns the edge from its hello
        hub.broker().waitForServices(PATIENCE, "edge").get(20, TimeUnit.SECONDS);
        assertThat(hub.broker().call("edge.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("edge");
        assertThat(edge.broker().call("hub.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("hub");
        assertThat(edge.transporter().port()).isZero();
    }

    @Test
    void withKeysADialOnlyNodeIsServedOverItsAuthenticatedConnection() throws Exception {
        Started hub = start(
                "hub",
                TcpTransporterOptions.builder()
                        .host("127.0.0.1")
                        .udpDiscovery(false)
                        .key("k1", "shared"),
                who("hub", "hub"));
        Started edge = dialOnly("edge", o -> o.key("k1", "shared").urls(List.of(hub.url())), who("edge", "edge"));
        hub.broker().waitForServices(PATIENCE, "edge").get(20, TimeUnit.SECONDS);
        assertThat(hub.broker().call("edge.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("edge");
        assertThat(edge.broker().call("hub.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("hub");
        assertThat(hub.transporter().authenticatedConnections(edge.id())).isPositive();
    }

    @Test
    void aHelloOfPortZeroCannotDivertTheTrafficOfAListeningNode() throws Exception {
        Started hub = listening("hub", who("hub", "hub"));
        Started other = start(
                "other",
                TcpTransporterOptions.builder()
                        .host("127.0.0.1")
                        .udpDiscovery(false)
                        .urls(List.of(hub.url())),
                who("other", "other"));
        hub.broker().waitForServices(PATIENCE, "other").get(20, TimeUnit.SECONDS);

        // a raw socket says hello as 'other', dial-only, and stays connected
        String hello = "{\"ver\":\"5\",\"sender\":\"" + other.id() + "\",\"host\":\"127.0.0.1\",\"port\":0}";
        try (RawPeer raw = new RawPeer(hub.transporter().port())) {
            raw.write(RawPeer.frame(
                    io.mycelium.protocol.PacketType.GOSSIP_HELLO.tcpId(),
                    hello.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Thread.sleep(300);
            for (int i = 0; i < 5; i++) {
                assertThat(hub.broker().call("other.who", null, String.class).get(5, TimeUnit.SECONDS))
                        .isEqualTo("other");
            }
            assertThat(hub.transporter().connectionsTo(other.id()))
                    .as("the hub still dials the listening node, it adopted nothing")
                    .noneMatch(c -> c.adopted);
        }
    }

    @Test
    void theUrlOptionsParseAndADialOnlyNodeTakesNoListenAddress() {
        TcpTransporterOptions o =
                TcpTransporterOptions.fromUrl("tcp://?listen=false&friendly=false&udpBindAddress=127.0.0.1");
        assertThat(o.listen()).isFalse();
        assertThat(o.friendly()).isFalse();
        assertThat(TcpTransporterOptions.fromUrl("tcp://").listen()).isTrue();
        assertThat(TcpTransporterOptions.fromUrl("tcp://").friendly()).isTrue();
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://127.0.0.1:4000?listen=false"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listen=false");
        assertThatThrownBy(() -> TcpTransporterOptions.fromUrl("tcp://?listen=maybe"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
