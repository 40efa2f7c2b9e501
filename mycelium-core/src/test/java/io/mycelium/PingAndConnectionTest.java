package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mycelium.internal.memory.MemoryBus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PingAndConnectionTest {

    @Test
    void pingsOneNodeAndEveryNode() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker a = mesh.broker("a");
            mesh.broker("b");
            mesh.broker("c");
            org.awaitility.Awaitility.await()
                    .until(() -> a.call("$node.list", null).join().size() == 3);

            PingResult pong = a.ping("b", Duration.ofSeconds(2)).join();
            Map<String, PingResult> all = a.pingAll(Duration.ofSeconds(2)).join();

            assertThat(pong.nodeId()).isEqualTo("b");
            assertThat(pong.elapsed()).isPositive();
            assertThat(all).containsOnlyKeys("b", "c");
            assertThat(catchThrowable(
                            () -> a.ping("nobody", Duration.ofMillis(100)).join()))
                    .hasCauseInstanceOf(RequestTimeoutException.class);
        }
    }

    @Test
    void callsInFlightFailWithBrokerDisconnectedWhenTheConnectionIsLostAndWorkAgainAfter() throws Exception {
        try (Mesh mesh = new Mesh()) {
            CountDownLatch started = new CountDownLatch(1);
            mesh.broker(
                    "server",
                    b -> b.gracefulStopTimeout(Duration.ZERO),
                    FailureTest.sleeper(started, 30_000),
                    Service.named("quick").action("ping", ctx -> "pong").build());
            ServiceBroker client = mesh.broker("client", CallTest.math());
            Mesh.await(client, "slow", "quick");
            var call = client.call("slow.sleep", null, String.class);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            var link = MemoryBus.find(mesh.namespace, "client").orElseThrow();

            link.loseConnection();

            Throwable error = FailureTest.cause(call);
            assertThat(error).isInstanceOf(BrokerDisconnectedException.class);
            assertThat(((MyceliumException) error).retryable()).isTrue();
            assertThat(FailureTest.cause(client.call("quick.ping", null)))
                    .isInstanceOf(BrokerDisconnectedException.class);
            assertThat(client.call("v2.math.add", Map.of("a", 1, "b", 1), Integer.class)
                            .join())
                    .isEqualTo(2);

            link.restoreConnection();
            assertThat(client.call("quick.ping", null, String.class).join()).isEqualTo("pong");
        }
    }
}
