package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.protocol.PacketType;
import io.mycelium.spi.Destination;
import io.mycelium.transport.testkit.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A private mosquitto, SIGKILLed and restarted on the same port mid-traffic. */
class MqttOutageTest {
    private final List<MqttTransporter> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (MqttTransporter t : started) {
            t.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private MqttTransporter start(Mosquitto broker, RecordingContext context, String query) throws Exception {
        MqttTransporter t = Mosquitto.transporter(broker.url(query));
        t.connect(context).get(10, TimeUnit.SECONDS);
        started.add(t);
        return t;
    }

    @Test
    void aKilledBrokerFailsSendsTypedThenTrafficResumesWithoutDuplicates() throws Exception {
        try (Mosquitto broker = Mosquitto.startPrivate()) {
            String ns = Mosquitto.namespace();
            RecordingContext a = new RecordingContext("a", ns);
            RecordingContext b = new RecordingContext("b", ns);
            String query = "?qos=1&reconnectDelay=100&reconnectMaxDelay=500";
            MqttTransporter ta = start(broker, a, query);
            start(broker, b, query);

            Map<String, CompletableFuture<Void>> sends = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            Thread sender = Thread.ofPlatform().start(() -> {
                while (running.get() && next.get() < 200_000) {
                    String id = "e-" + next.getAndIncrement();
                    sends.put(
                            id, ta.send(PacketType.EVENT, Destination.node("b"), id.getBytes(StandardCharsets.UTF_8)));
                    LockSupport.parkNanos(200_000); // pacing, about 5000 packets/s
                }
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> b.received.size() >= 100);
            broker.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.lost.get() == 1 && b.lost.get() == 1);
            int sentWhileDown = next.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> next.get() > sentWhileDown + 100);
            broker.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> a.restored.get() == 1 && b.restored.get() == 1);
            int afterRestore = b.received.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.received.size() >= afterRestore + 100);
            running.set(false);
            sender.join(10_000);

            CompletableFuture.allOf(sends.values().stream()
                            .map(f -> f.handle((ok, e) -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(20, TimeUnit.SECONDS);
            List<Throwable> failures = sends.values().stream()
                    .filter(CompletableFuture::isCompletedExceptionally)
                    .map(f -> f.handle((ok, e) -> e).join())
                    .toList();
            assertThat(failures).isNotEmpty().allSatisfy(e -> assertThat(e)
                    .isInstanceOf(BrokerDisconnectedException.class));
            List<String> got = b.payloads(PacketType.EVENT);
            Map<String, Long> counts =
                    got.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.values()).as("no packet delivered twice").allMatch(n -> n == 1);
            assertThat(got).allSatisfy(id -> assertThat(sends).containsKey(id));
            assertThat(a.lost.get()).isEqualTo(1);
            assertThat(a.restored.get()).isEqualTo(1);

            // Subscribed exactly once after the restart: every new packet arrives once.
            for (int i = 0; i < 20; i++) {
                ta.send(PacketType.REQUEST, Destination.node("b"), ("r-" + i).getBytes(StandardCharsets.UTF_8))
                        .get(5, TimeUnit.SECONDS);
                ta.send(PacketType.HEARTBEAT, Destination.BROADCAST, ("h-" + i).getBytes(StandardCharsets.UTF_8))
                        .get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.payloads(PacketType.REQUEST).size() >= 20
                            && b.payloads(PacketType.HEARTBEAT).size() >= 20);
            ta.send(PacketType.REQUEST, Destination.node("b"), "last".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.payloads(PacketType.REQUEST).contains("last"));
            assertThat(b.payloads(PacketType.REQUEST)).doesNotHaveDuplicates().hasSize(21);
            assertThat(b.payloads(PacketType.HEARTBEAT)).doesNotHaveDuplicates().hasSize(20);
            System.out.printf(
                    "MQTT outage: %d sent, %d failed typed during the outage, %d received%n",
                    sends.size(), failures.size(), got.size());
        }
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsAndKeepsFailingTyped() throws Exception {
        try (Mosquitto broker = Mosquitto.startPrivate()) {
            RecordingContext a = new RecordingContext("a", Mosquitto.namespace());
            MqttTransporter ta = start(broker, a, "?reconnectAttempts=2&reconnectDelay=50&reconnectMaxDelay=100");
            broker.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.lost.get() == 1);
            CompletableFuture<Void> sent = ta.send(PacketType.EVENT, Destination.node("b"), new byte[] {1});
            assertThat(sent)
                    .failsWithin(Duration.ofSeconds(1))
                    .withThrowableThat()
                    .withCauseInstanceOf(BrokerDisconnectedException.class);
        }
    }
}
