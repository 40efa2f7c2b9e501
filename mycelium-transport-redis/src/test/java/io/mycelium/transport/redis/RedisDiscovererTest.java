package io.mycelium.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mycelium.protocol.HeartbeatPacket;
import io.mycelium.protocol.InfoPacket;
import io.mycelium.protocol.Packet;
import io.mycelium.spi.Discoverer;
import io.mycelium.spi.DiscovererProvider;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.RecordingTransportContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis discoverer against the shared Redis on 127.0.0.1:6379, with 200 ms heartbeats. */
class RedisDiscovererTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final String namespace = "d-" + UUID.randomUUID().toString().substring(0, 13);
    private final List<Discoverer> discoverers = new ArrayList<>();
    private final List<RecordingTransportContext> contexts = new ArrayList<>();

    @BeforeAll
    static void redisIsUp() {
        BrokerProcess.requireListening("Redis", 6379);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Discoverer d : discoverers) {
            d.stop().get(10, TimeUnit.SECONDS);
        }
        contexts.forEach(RecordingTransportContext::close);
    }

    private RecordingTransportContext start(String name) throws Exception {
        RecordingTransportContext ctx = new RecordingTransportContext(
                name + "-" + UUID.randomUUID().toString().substring(0, 6), namespace);
        ctx.addService(name, List.of(name + ".work"), Map.of());
        DiscovererProvider provider = ServiceLoader.load(DiscovererProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.schemes().contains("redis"))
                .findFirst()
                .orElseThrow();
        Discoverer d =
                provider.create(URI.create("redis://127.0.0.1:6379?heartbeatInterval=200ms&heartbeatTimeout=1s"));
        discoverers.add(d);
        contexts.add(ctx);
        d.start(ctx).get(10, TimeUnit.SECONDS);
        return ctx;
    }

    private static List<InfoPacket> infos(RecordingTransportContext ctx, String sender) {
        List<InfoPacket> out = new ArrayList<>();
        for (Packet p : ctx.decoded()) {
            if (p instanceof InfoPacket info && info.sender().equals(sender)) {
                out.add(info);
            }
        }
        return out;
    }

    @Test
    void nodesStartedInAnyOrderFindEachOther() throws Exception {
        RecordingTransportContext a = start("alpha");
        RecordingTransportContext b = start("beta");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(infos(a, b.nodeId())).isNotEmpty();
            assertThat(infos(b, a.nodeId())).isNotEmpty();
        });
        InfoPacket seenByB = infos(b, a.nodeId()).get(0);
        assertThat(seenByB.services().toString()).contains("alpha.work");
        await().atMost(PATIENCE).until(() -> b.decoded().stream()
                .anyMatch(p -> p instanceof HeartbeatPacket hb && hb.sender().equals(a.nodeId())));
    }

    @Test
    void aChangeOfServicesReachesPeers() throws Exception {
        RecordingTransportContext a = start("alpha");
        RecordingTransportContext b = start("beta");
        await().atMost(PATIENCE).until(() -> !infos(b, a.nodeId()).isEmpty());

        a.addService("gamma", List.of("gamma.run"), Map.of());
        discoverers.get(0).localInfoChanged();

        await().atMost(PATIENCE).until(() -> infos(b, a.nodeId()).stream()
                .anyMatch(i -> i.services().toString().contains("gamma.run")));
    }

    @Test
    void aStoppedNodeIsReportedAndItsKeysAreGone() throws Exception {
        RecordingTransportContext a = start("alpha");
        RecordingTransportContext b = start("beta");
        await().atMost(PATIENCE).until(() -> !infos(b, a.nodeId()).isEmpty());

        discoverers.remove(0).stop().get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> b.unreachableNodes().contains(a.nodeId()));
        try (Redis redis = new Redis()) {
            assertThat(redis.connection.sync().keys("MOL-" + namespace + "-DSCVR-*" + a.nodeId() + "*"))
                    .isEmpty();
        }
    }

    @Test
    void aCrashedNodeExpires() throws Exception {
        RecordingTransportContext b = start("beta");
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 6);
        String prefix = "MOL-" + namespace + "-DSCVR";
        String info = "{\"ver\":\"5\",\"sender\":\"" + ghost + "\",\"services\":[],\"ipList\":[],\"hostname\":\"h\","
                + "\"client\":{\"type\":\"nodejs\",\"version\":\"0.15.2\",\"langVersion\":\"v20\"},\"config\":{},"
                + "\"instanceID\":\"abcdef0123\",\"metadata\":{},\"seq\":1}";
        try (Redis redis = new Redis()) {
            // what a node writes before it dies without cleaning up
            redis.connection.sync().psetex(prefix + "-INFO:" + ghost, 60_000, info.getBytes(StandardCharsets.UTF_8));
            redis.connection
                    .sync()
                    .psetex(
                            prefix + "-BEAT:" + ghost + "|abcdef01|1",
                            800,
                            ("{\"ver\":\"5\",\"sender\":\"" + ghost + "\",\"cpu\":7}")
                                    .getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(PATIENCE).until(() -> !infos(b, ghost).isEmpty());
        await().atMost(PATIENCE).until(() -> b.unreachableNodes().contains(ghost));
    }

    @Test
    void aKeyCanOnlySpeakForItsOwnNode() throws Exception {
        RecordingTransportContext b = start("beta");
        String liar = "liar-" + UUID.randomUUID().toString().substring(0, 6);
        String honest = "honest-" + UUID.randomUUID().toString().substring(0, 6);
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 6);
        String prefix = "MOL-" + namespace + "-DSCVR";
        try (Redis redis = new Redis()) {
            for (String[] entry : new String[][] {{liar, victim}, {honest, honest}}) {
                // the key names one node, the packet under it claims entry[1]
                String info = "{\"ver\":\"5\",\"sender\":\"" + entry[1] + "\",\"services\":[],\"ipList\":[],"
                        + "\"hostname\":\"h\",\"client\":{\"type\":\"nodejs\",\"version\":\"0.15.2\","
                        + "\"langVersion\":\"v20\"},\"config\":{},\"instanceID\":\"abcdef0123\",\"metadata\":{},"
                        + "\"seq\":1}";
                redis.connection
                        .sync()
                        .psetex(prefix + "-INFO:" + entry[0], 60_000, info.getBytes(StandardCharsets.UTF_8));
                redis.connection
                        .sync()
                        .psetex(
                                prefix + "-BEAT:" + entry[0] + "|abcdef01|1",
                                60_000,
                                ("{\"ver\":\"5\",\"sender\":\"" + entry[1] + "\",\"cpu\":7}")
                                        .getBytes(StandardCharsets.UTF_8));
            }
        }

        // both keys are read in the same cycle: once the honest node is known, the liar's was read too
        await().atMost(PATIENCE).until(() -> !infos(b, honest).isEmpty());
        assertThat(b.decoded())
                .noneMatch(p -> p.sender().equals(victim) || p.sender().equals(liar));
    }

    /** A raw Lettuce connection for arranging and checking keys. */
    private static final class Redis implements AutoCloseable {
        final RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        final StatefulRedisConnection<String, byte[]> connection = client.connect(RedisLink.CODEC);

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
