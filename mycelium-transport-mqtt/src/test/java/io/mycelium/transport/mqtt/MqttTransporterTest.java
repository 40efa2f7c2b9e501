package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MqttTransporterTest {
    private final List<MqttTransporter> started = new ArrayList<>();
    private final String namespace = Mosquitto.namespace();

    @BeforeAll
    static void mosquittoIsUp() {
        Mosquitto.requireShared();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (MqttTransporter t : started) {
            t.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private MqttTransporter start(RecordingContext context, String query) throws Exception {
        MqttTransporter t = Mosquitto.transporter(Mosquitto.URL + query);
        t.connect(context).get(10, TimeUnit.SECONDS);
        started.add(t);
        return t;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void targetedPacketsReachOnlyTheirNode() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace);
        RecordingContext b = new RecordingContext("b", namespace);
        MqttTransporter ta = start(a, "");
        start(b, "");

        for (PacketType type : List.of(
                PacketType.REQUEST,
                PacketType.RESPONSE,
                PacketType.EVENT,
                PacketType.DISCOVER,
                PacketType.INFO,
                PacketType.PING,
                PacketType.PONG)) {
            ta.send(type, Destination.node("b"), bytes("to-b-" + type)).get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> b.received.size() == 7);
        assertThat(b.received).allSatisfy(r -> assertThat(r.payload()).isEqualTo("to-b-" + r.type()));
        assertThat(a.received).isEmpty();
    }

    @Test
    void broadcastsReachEveryNodeOfTheNamespaceOnlyAtQos1Too() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace);
        RecordingContext b = new RecordingContext("b", namespace);
        RecordingContext stranger = new RecordingContext("c", Mosquitto.namespace());
        MqttTransporter ta = start(a, "?qos=1");
        start(b, "?qos=1");
        start(stranger, "?qos=1");

        for (PacketType type : List.of(
                PacketType.DISCOVER, PacketType.INFO, PacketType.HEARTBEAT, PacketType.PING, PacketType.DISCONNECT)) {
            ta.send(type, Destination.BROADCAST, bytes("all-" + type)).get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> a.received.size() == 5 && b.received.size() == 5);
        assertThat(b.received).allSatisfy(r -> assertThat(r.payload()).isEqualTo("all-" + r.type()));
        assertThat(stranger.received).isEmpty();
    }

    @Test
    void brokerBalancingGoesThroughSharedSubscriptions() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace, true);
        RecordingContext b = new RecordingContext("b", namespace, true);
        RecordingContext c = new RecordingContext("c", namespace, true);
        for (RecordingContext member : List.of(b, c)) {
            member.services("math", List.of("math.add"), List.of("user.created"));
        }
        MqttTransporter ta = start(a, "");
        start(b, "");
        start(c, "");
        assertThat(ta.supportsBrokerBalancing()).isTrue();

        int count = 100;
        for (int i = 0; i < count; i++) {
            ta.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("r" + i))
                    .get(5, TimeUnit.SECONDS);
            ta.send(PacketType.EVENT, new Destination.BalancedEvent("math", "user.created"), bytes("e" + i))
                    .get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> b.received.size() + c.received.size() == 2 * count);
        List<String> all = new ArrayList<>();
        b.received.forEach(r -> all.add(r.payload()));
        c.received.forEach(r -> all.add(r.payload()));
        assertThat(all).as("each balanced packet reached exactly one member").doesNotHaveDuplicates();
        assertThat(b.received).as("the broker shared the work").isNotEmpty();
        assertThat(c.received).as("the broker shared the work").isNotEmpty();
        assertThat(a.received).isEmpty();
    }

    @Test
    void balancedSendsWithoutBrokerBalancingAreRefusedWithAClearError() throws Exception {
        MqttTransporter t = start(new RecordingContext("a", namespace), "");
        assertThatThrownBy(() -> t.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("x"))
                        .get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("disable the built-in balancer");
    }

    @Test
    void sendingBeforeConnectFailsTypedAndRetryable() {
        MqttTransporter t = Mosquitto.transporter(Mosquitto.URL);
        CompletableFuture<Void> sent = t.send(PacketType.EVENT, Destination.node("x"), bytes("x"));
        assertThatThrownBy(() -> sent.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class);
    }

    @Test
    void connectingToNoBrokerFailsTyped() {
        MqttTransporter t = Mosquitto.transporter("mqtt://127.0.0.1:1?connectTimeout=1000");
        CompletableFuture<Void> connected = t.connect(new RecordingContext("a", namespace));
        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class)
                .cause()
                .hasMessageContaining("mqtt://127.0.0.1:1");
    }

    @Test
    void oversizedPacketsAreRefusedBeforeTheWire() throws Exception {
        MqttTransporter t = start(new RecordingContext("a", namespace), "?maxPayload=1024");
        assertThat(t.maxPayloadSize()).isEqualTo(1024);
        assertThatThrownBy(() -> t.send(PacketType.EVENT, Destination.node("b"), new byte[1025])
                        .get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPayload");
    }

    @Test
    void disconnectIsIdempotentAndLaterSendsFailTyped() throws Exception {
        MqttTransporter t = start(new RecordingContext("a", namespace), "");
        t.disconnect().get(10, TimeUnit.SECONDS);
        t.disconnect().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> t.send(PacketType.EVENT, Destination.node("b"), bytes("x"))
                        .get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class);
    }
}
