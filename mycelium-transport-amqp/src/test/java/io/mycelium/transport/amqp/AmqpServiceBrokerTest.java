package io.mycelium.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.BrokerDisconnectedException;
import io.mycelium.MyceliumException;
import io.mycelium.transport.testkit.MeshRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real ServiceBrokers meshed over RabbitMQ through amqp:// (found by the ServiceLoader). */
class AmqpServiceBrokerTest {

    @BeforeAll
    static void rabbitIsUp() {
        Rabbit.require();
    }

    @Test
    void callsAndEventsCrossRabbitMq() throws Exception {
        try (MeshRun mesh = new MeshRun(Rabbit.URL, Rabbit.namespace()).start()) {
            assertThat(mesh.add(1, 2)).isEqualTo(3);
            mesh.client.emit("user.created", Map.of("name", "Ada")).get(5, TimeUnit.SECONDS);
            mesh.client.broadcast("user.created", Map.of("name", "Bob")).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.events.containsAll(List.of("Ada", "Bob")));
            mesh.printFigures("AMQP");
        }
    }

    @Test
    void callsDuringAForcedDisconnectEndTypedAndTheMeshHeals() throws Exception {
        String vhost = Rabbit.newVhost();
        String url = Rabbit.URL + "/" + vhost + "?reconnectDelay=100&reconnectMaxDelay=1000";
        try (MeshRun mesh = new MeshRun(url, Rabbit.namespace()).start()) {
            assertThat(mesh.add(1, 2)).isEqualTo(3);
            List<CompletableFuture<Integer>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread caller = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5000 && running.get(); i++) {
                    calls.add(mesh.client.call("math.add", Map.of("a", i, "b", 1), Integer.class));
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // pacing
                }
            });
            Rabbit.ctl("close_all_connections", "--vhost", vhost, "test outage");
            int closedAt = calls.size();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> calls.size() > closedAt + 200
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
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(MyceliumException.class);
                    failed++;
                    if (e.getCause() instanceof BrokerDisconnectedException) {
                        disconnected++;
                    }
                }
            }
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> mesh.add(2, 2) == 4);
            System.out.printf(
                    "AMQP mesh outage: %d calls, %d ended with a typed error (%d BrokerDisconnectedException)%n",
                    calls.size(), failed, disconnected);
        } finally {
            Rabbit.deleteVhost(vhost);
        }
    }
}
