package io.mycelium.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;
import io.mycelium.transport.testkit.MeshRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real ServiceBrokers meshed over Mosquitto through mqtt:// (found by the ServiceLoader). */
class MqttServiceBrokerTest {

    @BeforeAll
    static void mosquittoIsUp() {
        Mosquitto.requireShared();
    }

    @Test
    void callsAndEventsCrossMosquitto() throws Exception {
        try (MeshRun mesh = new MeshRun(Mosquitto.URL, Mosquitto.namespace()).start()) {
            assertThat(mesh.add(1, 2)).isEqualTo(3);
            mesh.client.emit("user.created", Map.of("name", "Ada")).get(5, TimeUnit.SECONDS);
            mesh.client.broadcast("user.created", Map.of("name", "Bob")).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.events.containsAll(List.of("Ada", "Bob")));
            mesh.printFigures("MQTT qos0");
        }
    }

    @Test
    void callsDuringABrokerRestartEndTypedAndTheMeshHeals() throws Exception {
        try (Mosquitto broker = Mosquitto.startPrivate();
                MeshRun mesh = new MeshRun(
                                broker.url("?reconnectDelay=100&reconnectMaxDelay=500"), Mosquitto.namespace())
                        .start()) {
            assertThat(mesh.add(1, 2)).isEqualTo(3);
            List<CompletableFuture<Integer>> calls = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread caller = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5000 && running.get(); i++) {
                    calls.add(mesh.client.call("math.add", Map.of("a", i, "b", 1), Integer.class));
                    LockSupport.parkNanos(5_000_000); // pacing
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() > 50);
            broker.kill();
            int killedAt = calls.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() > killedAt + 100);
            broker.start();
            int restartedAt = calls.size();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> calls.size() > restartedAt + 200
                            && calls.get(calls.size() - 1)
                                    .handle((r, e) -> e == null)
                                    .get(10, TimeUnit.SECONDS));
            running.set(false);
            caller.join();
            int failed = 0;
            int disconnected = 0;
            for (CompletableFuture<Integer> call : calls) {
                try {
                    call.get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(MyceliumException.class);
                    failed++;
                    if (e.getCause() instanceof BrokerDisconnectedException) {
                        disconnected++;
                    }
                }
            }
            assertThat(disconnected)
                    .as("calls while the broker is down fail fast and typed")
                    .isPositive();
            System.out.printf(
                    "MQTT mesh outage: %d calls, %d ended with a typed error (%d BrokerDisconnectedException)%n",
                    calls.size(), failed, disconnected);
        }
    }
}
