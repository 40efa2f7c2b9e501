package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mycelium.internal.memory.MemoryBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nodes that may not be given new work: one not heard from since a broker reconnect (it may not have
 * resubscribed), and one whose calls time out in a row (its circuit opens until it answers a ping).
 */
class NodeHoldTest {

    private static Service worker(String id) {
        return Service.named("svc")
                .action("work", ctx -> id)
                .event("job.done", ctx -> {})
                .build();
    }

    @Test
    void afterAReconnectANodeNotHeardFromGetsNoCallsUntilItIsBackAndEmitsToItFail() throws Exception {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", worker("server"));
            ServiceBroker client = mesh.broker("client", b -> b.requestTimeout(Duration.ofSeconds(10)));
            Mesh.await(client, "svc");
            var serverLink = MemoryBus.find(mesh.namespace, "server").orElseThrow();
            var clientLink = MemoryBus.find(mesh.namespace, "client").orElseThrow();

            serverLink.loseConnection(); // the server is away (has not resubscribed) ...
            clientLink.loseConnection();
            clientLink.restoreConnection(); // ... while the client is back already

            assertThat(FailureTest.cause(client.emit("job.done", 1)))
                    .as("an emit to a node that may not listen fails, never a silent success")
                    .isInstanceOf(ServiceNotAvailableException.class);
            CompletableFuture<String> call = client.call("svc.work", null, String.class);
            // not published into the void (where it would wait for its 10 s timeout): it waits for the node
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !call.isDone());

            long back = System.nanoTime();
            serverLink.restoreConnection(); // it announces itself: the client hears from it again
            assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("server");
            assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(2));
            assertThat(client.emit("job.done", 2)).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aNodeWhoseCallsTimeOutInARowGetsNoNewCallsUntilItAnswersAPing() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("a", worker("a"));
            mesh.broker("b", worker("b"));
            ServiceBroker client = mesh.broker("client", x -> x.requestTimeout(Duration.ofMillis(300)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.call("$node.list", null).join().size() == 3);
            Mesh.await(client, "svc");
            var aLink = MemoryBus.find(mesh.namespace, "a").orElseThrow();

            aLink.loseConnection(); // a goes silent: it answers neither calls nor pings, nobody is told
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                CompletableFuture<String> call = client.call("svc.work", null, String.class);
                try {
                    outcomes.add(call.get(5, TimeUnit.SECONDS));
                } catch (Exception e) {
                    outcomes.add(FailureTest.cause(call).getClass().getSimpleName());
                }
            }
            assertThat(outcomes.stream().filter("RequestTimeoutException"::equals))
                    .as("after 3 timeouts in a row the circuit opens: %s", outcomes)
                    .hasSizeLessThanOrEqualTo(3);
            assertThat(outcomes.subList(10, 30)).as("then every call goes to b").containsOnly("b");

            aLink.restoreConnection(); // a answers the circuit's ping: it gets calls again
            await().atMost(Duration.ofSeconds(10)).until(() -> "a"
                    .equals(client.call("svc.work", null, String.class).get(2, TimeUnit.SECONDS)));
        }
    }
}
