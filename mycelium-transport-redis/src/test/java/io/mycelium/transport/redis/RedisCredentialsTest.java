package io.mycelium.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.BrokerProcess;
import io.mycelium.transport.testkit.RecordingTransportContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Password and ACL-user authentication against a private redis-server that requires them. */
class RedisCredentialsTest {

    private final BrokerProcess redis = startRedisWithAuth();

    private static BrokerProcess startRedisWithAuth() {
        String binary = "/usr/bin/redis-server";
        return BrokerProcess.start(
                "redis-auth",
                p -> List.of(
                        binary,
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(p),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--requirepass",
                        "topsecret",
                        "--user",
                        "alice",
                        "on",
                        ">s3cret",
                        "~*",
                        "&*",
                        "+@all"));
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private static void roundTrip(String url) throws Exception {
        RedisTransporter t = (RedisTransporter) new RedisTransporterProvider().create(URI.create(url));
        try (RecordingTransportContext ctx = new RecordingTransportContext("auth-node", "auth")) {
            t.connect(ctx).get(10, TimeUnit.SECONDS);
            t.send(PacketType.PING, Destination.node("auth-node"), "hi".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ctx.texts(PacketType.PING)
                    .contains("hi"));
        } finally {
            t.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsWithThePassword() throws Exception {
        roundTrip("redis://:topsecret@127.0.0.1:" + redis.port());
    }

    @Test
    void connectsAsAnAclUser() throws Exception {
        roundTrip("redis://alice:s3cret@127.0.0.1:" + redis.port());
        roundTrip("redis://127.0.0.1:" + redis.port() + "?user=alice&password=s3cret");
    }

    @Test
    void aWrongPasswordFailsTheConnectTyped() throws Exception {
        RedisTransporter t = (RedisTransporter) new RedisTransporterProvider()
                .create(URI.create("redis://alice:wrong@127.0.0.1:" + redis.port() + "?maxReconnectAttempts=0"));
        try (RecordingTransportContext ctx = new RecordingTransportContext("auth-node", "auth")) {
            assertThat(t.connect(ctx))
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(BrokerDisconnectedException.class);
        } finally {
            t.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void optionsComeFromTheUrl() {
        RedisOptions o = RedisOptions.fromUrl(URI.create(
                "rediss://bob:pw@redis.example:6380/2?verifyPeer=false&maxReconnectAttempts=5&reconnectDelay=200ms"
                        + "&maxReconnectDelay=3s&maxPayload=2048&probeInterval=500ms&circuitThreshold=0"));
        assertThat(o.tls()).isTrue();
        assertThat(o.verifyPeer()).isFalse();
        assertThat(o.user()).contains("bob");
        assertThat(o.password()).contains("pw");
        assertThat(o.host()).isEqualTo("redis.example");
        assertThat(o.port()).isEqualTo(6380);
        assertThat(o.database()).isEqualTo(2);
        assertThat(o.maxReconnectAttempts()).isEqualTo(5);
        assertThat(o.reconnectDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.maxPayload()).isEqualTo(2048);
        assertThat(o.toRedisUri().isSsl()).isTrue();
        assertThat(o.probeInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.circuitThreshold()).isZero();
        assertThat(RedisOptions.fromUrl(URI.create("redis://h")).probeInterval())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnknownOptionIsRefusedWithItsName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RedisOptions.fromUrl(URI.create("redis://127.0.0.1?colour=blue")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }
}
