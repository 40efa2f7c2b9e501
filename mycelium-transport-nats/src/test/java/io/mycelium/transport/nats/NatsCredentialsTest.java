package io.mycelium.transport.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

/** User/password and token authentication against private nats-servers that require them. */
class NatsCredentialsTest {

    private static void roundTrip(String url) throws Exception {
        NatsTransporter t = (NatsTransporter) new NatsTransporterProvider().create(URI.create(url));
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
    void connectsWithUserAndPassword() throws Exception {
        try (BrokerProcess nats = BrokerProcess.start(
                "nats-auth",
                p -> List.of(
                        "/usr/sbin/nats-server",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(p),
                        "--user",
                        "alice",
                        "--pass",
                        "s3cret"))) {
            roundTrip("nats://alice:s3cret@127.0.0.1:" + nats.port());
            roundTrip("nats://127.0.0.1:" + nats.port() + "?user=alice&password=s3cret");
            NatsTransporter wrong = NatsTransporter.create(NatsOptions.builder()
                    .server("nats://127.0.0.1:" + nats.port())
                    .userInfo("alice", "wrong")
                    .maxReconnectAttempts(0)
                    .build());
            try (RecordingTransportContext ctx = new RecordingTransportContext("auth-node", "auth")) {
                assertThat(wrong.connect(ctx))
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class)
                        .havingCause()
                        .isInstanceOf(BrokerDisconnectedException.class);
            } finally {
                wrong.disconnect().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void connectsWithAToken() throws Exception {
        try (BrokerProcess nats = BrokerProcess.start(
                "nats-token",
                p -> List.of(
                        "/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", Integer.toString(p), "--auth", "t0ken"))) {
            roundTrip("nats://t0ken@127.0.0.1:" + nats.port());
            roundTrip("nats://127.0.0.1:" + nats.port() + "?token=t0ken");
        }
    }

    @Test
    void optionsComeFromTheUrl() {
        NatsOptions o = NatsOptions.fromUrl(URI.create("nats://127.0.0.1:4333?servers=nats://10.0.0.2:4222"
                + "&maxReconnectAttempts=3&reconnectDelay=100ms&maxReconnectDelay=2s&tls=true"
                + "&creds=/etc/nats/app.creds&balancedQueues=false&probeInterval=250ms&circuitThreshold=5"));
        assertThat(o.servers()).containsExactly("nats://127.0.0.1:4333", "nats://10.0.0.2:4222");
        assertThat(o.maxReconnectAttempts()).isEqualTo(3);
        assertThat(o.reconnectDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.tls()).isTrue();
        assertThat(o.credsFile()).map(Object::toString).contains("/etc/nats/app.creds");
        assertThat(o.balancedQueues()).isFalse();
        assertThat(o.probeInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.circuitThreshold()).isEqualTo(5);
        NatsOptions defaults = NatsOptions.fromUrl(URI.create("nats://127.0.0.1"));
        assertThat(defaults.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.circuitThreshold()).isEqualTo(3);
        assertThat(NatsOptions.fromUrl(URI.create("nats://127.0.0.1?probeInterval=0"))
                        .probeInterval())
                .isZero();
    }

    @Test
    void anUnknownOptionIsRefusedWithItsName() {
        assertThatThrownBy(() -> NatsOptions.fromUrl(URI.create("nats://127.0.0.1?colour=blue")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void subjectsAreMoleculers() {
        Topics plain = new Topics("");
        Topics ns = new Topics("prod");
        assertThat(plain.node(PacketType.REQUEST, "n1")).isEqualTo("MOL.REQ.n1");
        assertThat(ns.broadcast(PacketType.HEARTBEAT)).isEqualTo("MOL-prod.HEARTBEAT");
        assertThat(ns.balancedRequest("v2.math.add")).isEqualTo("MOL-prod.REQB.v2.math.add");
        assertThat(ns.balancedEvent("audit", "user.created")).isEqualTo("MOL-prod.EVENTB.audit.user.created");
        assertThat(ns.balancedEvent("audit", "user.**")).isEqualTo("MOL-prod.EVENTB.audit.user.>");
    }
}
