package io.mycelium.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis registry (atom.js's Nucleus, Moleculer's {@code registry.discoverer}) shared by a Mycelium node
 * ({@code ServiceBroker.Builder#discoverer}) and a real Moleculer 0.15.2 node configured with
 * {@code registry: { discoverer: "redis://…" }}: each finds the other through the discoverer keys alone,
 * calls go both ways over the Redis transporter, and no DISCOVER, INFO or HEARTBEAT travels on it.
 */
class RedisRegistryInteropTest {

    private static final String REDIS = "redis://127.0.0.1:6379";

    @BeforeAll
    static void redisIsUp() {
        BrokerProcess.requireListening("Redis", 6379);
    }

    @Test
    void myceliumAndMoleculerNodesFindEachOtherThroughMoleculersRedisDiscoverer() throws Exception {
        String ns = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        String javaId = "java-" + ns;
        String nodeId = "node-" + ns;
        RedisClient client = RedisClient.create(REDIS);
        Set<String> channels = ConcurrentHashMap.newKeySet();
        try (StatefulRedisPubSubConnection<String, String> tap = client.connectPubSub();
                StatefulRedisConnection<String, String> redis = client.connect()) {
            tap.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    channels.add(channel);
                }
            });
            tap.sync().psubscribe("MOL-" + ns + ".*");

            ServiceBroker java = ServiceBroker.builder()
                    .nodeId(javaId)
                    .namespace(ns)
                    .transporter(REDIS)
                    .discoverer(REDIS + "?heartbeatInterval=1s&heartbeatTimeout=5s")
                    .heartbeatInterval(Duration.ofSeconds(1))
                    .heartbeatTimeout(Mesh.HEARTBEAT_TIMEOUT)
                    .requestTimeout(Duration.ofSeconds(10))
                    .gracefulStopTimeout(Duration.ofSeconds(2))
                    .build();
            new JavaServices().main(javaId).forEach(java::register);
            java.start();
            Map<String, String> env = new HashMap<>();
            env.put("MOL_NAMESPACE", ns);
            env.put("MOL_NODE_ID", nodeId);
            env.put("MOL_TRANSPORTER", REDIS);
            env.put("MOL_DISCOVERER", REDIS);
            env.put("MOL_HEARTBEAT_INTERVAL", "1");
            env.put("MOL_HEARTBEAT_TIMEOUT", String.valueOf(Mesh.HEARTBEAT_TIMEOUT.toSeconds()));
            env.put("MOL_SERVICES", "math");
            try (NodePeer node = NodePeer.start(env)) {
                try {
                    node.command(
                            "waitForServices",
                            Map.of("services", List.of("java-math"), "timeout", Mesh.DISCOVERY_TIMEOUT.toMillis()));
                    java.waitForServices(Mesh.DISCOVERY_TIMEOUT, "node-math").get(30, TimeUnit.SECONDS);

                    JsonNode sum =
                            java.call("node-math.add", Map.of("a", 2, "b", 3)).get(10, TimeUnit.SECONDS);
                    assertThat(sum.asInt()).isEqualTo(5);
                    JsonNode back = node.command("call", Map.of("action", "java-math.whoami", "params", Map.of()));
                    assertThat(back.path("data").asText()).isEqualTo(javaId);

                    // Moleculer's key layout, written by both sides
                    String prefix = "MOL-" + ns + "-DSCVR";
                    assertThat(redis.sync().exists(prefix + "-INFO:" + javaId, prefix + "-INFO:" + nodeId))
                            .isEqualTo(2L);
                    assertThat(redis.sync().keys(prefix + "-BEAT:*"))
                            .anyMatch(k -> k.startsWith(prefix + "-BEAT:" + javaId + "|"))
                            .anyMatch(k -> k.startsWith(prefix + "-BEAT:" + nodeId + "|"));
                    assertThat(channels).anyMatch(c -> c.startsWith("MOL-" + ns + ".REQ."));
                    assertThat(channels)
                            .noneMatch(c -> c.contains(".DISCOVER") || c.contains(".INFO") || c.contains(".HEARTBEAT"));
                } finally {
                    java.stop();
                }
                // a stopped Mycelium node leaves the Moleculer node's registry (its keys are gone)
                await().atMost(Mesh.DISCOVERY_TIMEOUT).until(() -> !node.command("node", Map.of("nodeID", javaId))
                        .path("available")
                        .asBoolean(true));
                assertThat(redis.sync().keys("MOL-" + ns + "-DSCVR-*" + javaId + "*"))
                        .isEmpty();
            }
        } finally {
            client.shutdown();
        }
    }
}
