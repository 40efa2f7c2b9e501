package io.mycelium.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.transport.testkit.BrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Brokers whose discovery goes through the Redis discoverer ({@code ServiceBroker.Builder#discoverer}):
 * they find each other, send no discovery packet over the transporter, and heal after Redis restarts.
 */
class RedisRegistryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String FAST = "heartbeatInterval=250ms&heartbeatTimeout=1500ms";
    private final String namespace = "reg-" + UUID.randomUUID().toString().substring(0, 12);
    private final List<ServiceBroker> brokers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        brokers.forEach(ServiceBroker::stop);
    }

    private ServiceBroker start(String name, String transporter, String discoverer) {
        String nodeId = name + "-" + namespace;
        ServiceBroker b = ServiceBroker.builder()
                .nodeId(nodeId)
                .namespace(namespace)
                .transporter(transporter)
                .discoverer(discoverer)
                .heartbeatInterval(Duration.ofMillis(500))
                .heartbeatTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5))
                .gracefulStopTimeout(Duration.ofSeconds(1))
                .build();
        b.register(Service.named(name).action("who", ctx -> nodeId));
        brokers.add(b);
        b.start();
        return b;
    }

    @Test
    void nodesFindEachOtherWithoutDiscoveryPacketsOnTheMessagePath() throws Exception {
        BrokerProcess.requireListening("Redis", 6379);
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        Set<String> channels = ConcurrentHashMap.newKeySet();
        try (StatefulRedisPubSubConnection<String, byte[]> tap = client.connectPubSub(RedisLink.CODEC)) {
            tap.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, byte[] message) {
                    channels.add(channel);
                }
            });
            tap.sync().psubscribe("MOL-" + namespace + ".*");
            String url = "redis://127.0.0.1:6379?" + FAST;
            ServiceBroker alpha = start("alpha", "redis://127.0.0.1:6379", url);
            ServiceBroker beta = start("beta", "redis://127.0.0.1:6379", url);

            alpha.waitForServices(PATIENCE, "beta").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            beta.waitForServices(PATIENCE, "alpha").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(alpha.call("beta.who", Map.of()).get(5, TimeUnit.SECONDS).asText())
                    .isEqualTo(beta.nodeId());
            // a few heartbeat periods, during which a transporter-borne HEARTBEAT would show
            Thread.sleep(1_000);

            assertThat(channels).anyMatch(c -> c.startsWith("MOL-" + namespace + ".REQ."));
            assertThat(channels)
                    .noneMatch(c -> c.contains(".DISCOVER") || c.contains(".INFO") || c.contains(".HEARTBEAT"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theRegistryHealsAfterRedisRestarts() throws Exception {
        try (BrokerProcess redis = BrokerProcess.redisServer()) {
            String base = "redis://127.0.0.1:" + redis.port() + "?reconnectDelay=50ms&maxReconnectDelay=200ms";
            ServiceBroker alpha = start("alpha", base, base + "&" + FAST);
            ServiceBroker beta = start("beta", base, base + "&" + FAST);
            alpha.waitForServices(PATIENCE, "beta").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            redis.kill();
            // longer than the brokers' heartbeat timeout: each marks the other unavailable
            Thread.sleep(3_000);
            redis.restart();

            // the restarted Redis is empty; both nodes publish again and find each other again
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(alpha.call("beta.who", Map.of())
                            .get(5, TimeUnit.SECONDS)
                            .asText())
                    .isEqualTo(beta.nodeId()));
            ServiceBroker gamma = start("gamma", base, base + "&" + FAST);
            alpha.waitForServices(PATIENCE, "gamma").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(gamma.call("alpha.who", Map.of())
                            .get(5, TimeUnit.SECONDS)
                            .asText())
                    .isEqualTo(alpha.nodeId());
        }
    }
}
