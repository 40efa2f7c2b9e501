package io.mycelium.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.CallOptions;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.protocol.PacketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ServiceBrokers of this JVM meshing over the TCP transporter on loopback. */
class TcpBrokerTest {

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
    }

    private Started start(String name, UnaryOperator<TcpTransporterOptions.Builder> options, Service... services) {
        NettyTcpTransporter t = NettyTcpTransporter.create(
                options.apply(TcpTransporterOptions.builder().host("127.0.0.1").udpDiscovery(false))
                        .build());
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
    void withOneSeedAFourthNodeLearnsEveryOtherByGossipAndCallsThem() throws Exception {
        Started seed = start("seed", b -> b, who("seedsvc", "seed"));
        start("n1", b -> b.urls(List.of(seed.url())), who("svc1", "n1"));
        start("n2", b -> b.urls(List.of(seed.url())), who("svc2", "n2"));
        Started fourth = start("n4", b -> b.urls(List.of(seed.url())));

        fourth.broker().waitForServices(PATIENCE, "seedsvc", "svc1", "svc2").get(20, TimeUnit.SECONDS);
        assertThat(fourth.broker().call("svc1.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("n1");
        assertThat(fourth.broker().call("svc2.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("n2");
        assertThat(fourth.broker().call("seedsvc.who", null, String.class).get(5, TimeUnit.SECONDS))
                .isEqualTo("seed");
    }

    @Test
    void aLiveBrokerReceivingBadInputStillAnswersOthersAndNoHandlerSeesIt() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Started target = start(
                "target",
                b -> b.maxPacketSize(64 * 1024),
                Service.named("math")
                        .action("add", ctx -> {
                            handled.incrementAndGet();
                            return ctx.params().path("a").asInt()
                                    + ctx.params().path("b").asInt();
                        })
                        .build());
        Started caller = start("caller", b -> b.urls(List.of(target.url())));
        caller.broker().waitForServices(PATIENCE, "math").get(20, TimeUnit.SECONDS);

        List<byte[]> bad = List.of(
                RawPeer.frame(1, 10, PacketType.REQUEST.tcpId(), utf8("abcd")),
                RawPeer.frame(0, 2, PacketType.REQUEST.tcpId(), new byte[0]),
                RawPeer.frame(0, 64 * 1024 + 1, PacketType.REQUEST.tcpId(), new byte[0]),
                RawPeer.frame(0, 10, 9, utf8("abcd")),
                RawPeer.frame(PacketType.REQUEST.tcpId(), utf8("{not json")),
                RawPeer.frame(PacketType.REQUEST.tcpId(), utf8("{\"ver\":\"5\",\"sender\":\"x\"}")),
                RawPeer.frame(PacketType.GOSSIP_REQ.tcpId(), utf8("[]")),
                RawPeer.frame(PacketType.EVENT.tcpId(), new byte[] {(byte) 0xFF, 0, 1}));
        for (byte[] frame : bad) {
            try (RawPeer raw = new RawPeer(target.transporter().port())) {
                raw.write(frame);
                raw.write(RawPeer.frame(PacketType.REQUEST.tcpId(), utf8("{\"ver\":\"5\"")));
            }
            Integer sum = caller.broker()
                    .call("math.add", Map.of("a", 1, "b", 2), Integer.class)
                    .get(5, TimeUnit.SECONDS);
            assertThat(sum).isEqualTo(3);
        }
        assertThat(handled).hasValue(bad.size());
    }

    @Test
    void securedBrokersMeshAndAnIntruderNeverReachesAHandler() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Service guarded = Service.named("vault")
                .action("open", ctx -> handled.incrementAndGet())
                .build();
        Started a = start("a", b -> b.key("k1", "right"), guarded);
        Started friend = start("friend", b -> b.key("k1", "right").urls(List.of(a.url())));
        Started intruder = start("intruder", b -> b.key("k1", "wrong").urls(List.of(a.url())));

        friend.broker().waitForServices(PATIENCE, "vault").get(20, TimeUnit.SECONDS);
        assertThat(friend.broker().call("vault.open", null, Integer.class).get(5, TimeUnit.SECONDS))
                .isEqualTo(1);
        await().atMost(PATIENCE).until(() -> a.transporter().refusedConnections() >= 1);
        assertThat(intruder.broker().call("vault.open", null, Integer.class)).failsWithin(PATIENCE);
        assertThat(handled).hasValue(1);
        assertThat(intruder.broker()
                        .call(
                                "vault.open",
                                null,
                                CallOptions.builder()
                                        .nodeId(a.broker().nodeId())
                                        .build(),
                                Integer.class))
                .failsWithin(PATIENCE);
        assertThat(handled).hasValue(1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
