package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.RecordingContext;
import java.net.URI;
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

class AmqpTransporterTest {
    private final List<AmqpTransporter> started = new ArrayList<>();
    private final String namespace = Rabbit.namespace();

    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AmqpTransporter t : started) {
            t.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private AmqpTransporter start(RecordingContext context) throws Exception {
        AmqpTransporter t = Rabbit.transporter("");
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
        AmqpTransporter ta = start(a);
        start(b);

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
        assertThat(b.received)
                .extracting(RecordingContext.Received::payload)
                .containsExactlyInAnyOrder(
                        "to-b-REQUEST",
                        "to-b-RESPONSE",
                        "to-b-EVENT",
                        "to-b-DISCOVER",
                        "to-b-INFO",
                        "to-b-PING",
                        "to-b-PONG");
        assertThat(b.received).allSatisfy(r -> assertThat(r.payload()).isEqualTo("to-b-" + r.type()));
        assertThat(a.received).isEmpty();
    }

    @Test
    void broadcastsReachEveryNodeOfTheNamespaceOnly() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace);
        RecordingContext b = new RecordingContext("b", namespace);
        RecordingContext stranger = new RecordingContext("c", Rabbit.namespace());
        AmqpTransporter ta = start(a);
        start(b);
        start(stranger);

        for (PacketType type : List.of(
                PacketType.DISCOVER, PacketType.INFO, PacketType.HEARTBEAT, PacketType.PING, PacketType.DISCONNECT)) {
            ta.send(type, Destination.BROADCAST, bytes("all-" + type)).get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> a.received.size() == 5 && b.received.size() == 5);
        assertThat(b.received).allSatisfy(r -> assertThat(r.payload()).isEqualTo("all-" + r.type()));
        assertThat(stranger.received).isEmpty();
    }

    @Test
    void balancedRequestsAndEventsAreSharedByTheBroker() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace, true);
        RecordingContext b = new RecordingContext("b", namespace, true);
        RecordingContext caller = new RecordingContext("caller", namespace, true);
        a.services("math", List.of("math.add"), List.of("user.created"));
        b.services("math", List.of("math.add"), List.of("user.created"));
        AmqpTransporter ta = start(a);
        AmqpTransporter tb = start(b);
        AmqpTransporter tc = start(caller);
        ta.send(PacketType.INFO, Destination.BROADCAST, bytes("info-a")).get(5, TimeUnit.SECONDS);
        tb.send(PacketType.INFO, Destination.BROADCAST, bytes("info-b")).get(5, TimeUnit.SECONDS);

        for (int i = 0; i < 20; i++) {
            tc.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("req-" + i));
            tc.send(PacketType.EVENT, new Destination.BalancedEvent("math", "user.created"), bytes("evt-" + i))
                    .get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.payloads(PacketType.REQUEST).size()
                                        + b.payloads(PacketType.REQUEST).size()
                                == 20
                        && a.payloads(PacketType.EVENT).size()
                                        + b.payloads(PacketType.EVENT).size()
                                == 20);
        assertThat(a.payloads(PacketType.REQUEST)).isNotEmpty();
        assertThat(b.payloads(PacketType.REQUEST)).isNotEmpty();
        assertThat(a.payloads(PacketType.EVENT)).isNotEmpty();
        assertThat(b.payloads(PacketType.EVENT)).isNotEmpty();
        List<String> all = new ArrayList<>(a.payloads(PacketType.REQUEST));
        all.addAll(b.payloads(PacketType.REQUEST));
        assertThat(all).doesNotHaveDuplicates().hasSize(20);
        assertThat(caller.payloads(PacketType.REQUEST)).isEmpty();
    }

    /**
     * A Moleculer worker answers a DISCOVER with its actions up to a second before it declares their balanced
     * queues: a request sent in between must wait in the queue, not vanish (RabbitMQ drops a message routed
     * to no queue, and the call would hang to its timeout).
     */
    @Test
    void aBalancedRequestSentBeforeAnyWorkerConsumesItsQueueWaitsForTheWorker() throws Exception {
        RecordingContext caller = new RecordingContext("caller", namespace, true);
        RecordingContext worker = new RecordingContext("worker", namespace, true);
        AmqpTransporter tc = start(caller);
        tc.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("early"))
                .get(5, TimeUnit.SECONDS);

        worker.services("math", List.of("math.add"), List.of());
        AmqpTransporter tw = start(worker);
        tw.send(PacketType.INFO, Destination.BROADCAST, bytes("info-worker")).get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> worker.payloads(PacketType.REQUEST).contains("early"));
        assertThat(worker.payloads(PacketType.REQUEST)).containsExactly("early");
    }

    /** A worker's differing queue arguments fail the caller's declaration, not its session nor its request. */
    @Test
    void aBalancedRequestReachesAQueueDeclaredWithOtherArguments() throws Exception {
        String queue = AmqpTopology.prefix(namespace) + ".REQB.math.add";
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(Rabbit.URL);
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, java.util.Map.of("x-max-length", 100));
            try {
                AmqpTransporter tc = start(new RecordingContext("caller", namespace, true));
                AmqpLink link = java.util.Objects.requireNonNull(tc.link());
                AmqpSession session = link.session();
                tc.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("first"))
                        .get(5, TimeUnit.SECONDS);
                tc.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("second"))
                        .get(5, TimeUnit.SECONDS);

                await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(queue) == 2);
                assertThat(link.session()).isSameAs(session);
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void aNodeStopsConsumingTheBalancedQueuesOfActionsItNoLongerServes() throws Exception {
        RecordingContext a = new RecordingContext("a", namespace, true);
        RecordingContext b = new RecordingContext("b", namespace, true);
        RecordingContext caller = new RecordingContext("caller", namespace, true);
        a.services("math", List.of("math.add"), List.of());
        b.services("math", List.of("math.add"), List.of());
        AmqpTransporter ta = start(a);
        AmqpTransporter tb = start(b);
        AmqpTransporter tc = start(caller);
        tb.send(PacketType.INFO, Destination.BROADCAST, bytes("info-b")).get(5, TimeUnit.SECONDS);

        a.services("math", List.of(), List.of());
        ta.send(PacketType.INFO, Destination.BROADCAST, bytes("info-a")).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            tc.send(PacketType.REQUEST, new Destination.BalancedRequest("math.add"), bytes("req-" + i))
                    .get(5, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10))
                .until(() -> b.payloads(PacketType.REQUEST).size() == 10);
        assertThat(a.payloads(PacketType.REQUEST)).isEmpty();
    }

    @Test
    void sendingBeforeConnectFailsTypedAndRetryable() {
        AmqpTransporter t = Rabbit.transporter("");
        CompletableFuture<Void> sent = t.send(PacketType.EVENT, Destination.node("x"), bytes("x"));
        assertThatThrownBy(() -> sent.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class);
    }

    @Test
    void connectingToNoBrokerFailsTyped() {
        AmqpTransporter t = (AmqpTransporter)
                new AmqpTransporterProvider().create(URI.create("amqp://127.0.0.1:1?connectTimeout=1000"));
        CompletableFuture<Void> connected = t.connect(new RecordingContext("a", namespace));
        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class)
                .cause()
                .hasMessageContaining("amqp://127.0.0.1:1");
    }

    @Test
    void wrongCredentialsFailTypedWithoutLeakingThePassword() {
        AmqpTransporter t = (AmqpTransporter)
                new AmqpTransporterProvider().create(URI.create("amqp://guest:s3cret-wrong@127.0.0.1:5672"));
        CompletableFuture<Void> connected = t.connect(new RecordingContext("a", namespace));
        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class)
                .cause()
                .message()
                .doesNotContain("s3cret-wrong");
    }

    @Test
    void oversizedPacketsAreRefusedBeforeTheWire() throws Exception {
        AmqpTransporter t = Rabbit.transporter("?maxPayload=1024");
        t.connect(new RecordingContext("a", namespace)).get(10, TimeUnit.SECONDS);
        started.add(t);
        assertThat(t.maxPayloadSize()).isEqualTo(1024);
        assertThatThrownBy(() -> t.send(PacketType.EVENT, Destination.node("b"), new byte[1025])
                        .get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPayload");
    }

    @Test
    void disconnectIsIdempotentAndLaterSendsFailTyped() throws Exception {
        AmqpTransporter t = start(new RecordingContext("a", namespace));
        t.disconnect().get(10, TimeUnit.SECONDS);
        t.disconnect().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> t.send(PacketType.EVENT, Destination.node("b"), bytes("x"))
                        .get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(BrokerDisconnectedException.class);
    }
}
