package io.mycelium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where a handler runs: a virtual thread by default, the calling thread when it declares itself non-blocking. */
class NonBlockingHandlerTest {

    /** Answers where it ran: the thread's name and whether it is virtual. */
    private static Service where(String name, boolean nonBlocking) {
        ActionHandler handler = ctx -> Map.of(
                "thread", Thread.currentThread().getName(),
                "virtual", Thread.currentThread().isVirtual());
        return Service.named(name)
                .action("where", nonBlocking ? ActionHandler.nonBlocking(handler) : handler)
                .action("fail", ActionHandler.nonBlocking(ctx -> {
                    throw new IllegalStateException("refused");
                }))
                .action("later", ActionHandler.nonBlocking(ctx -> CompletableFuture.supplyAsync(() -> 42)))
                .build();
    }

    @Test
    void aNonBlockingHandlerRunsOnTheLocalCallersThread() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", where("fast", true), where("slow", false));

            Map<?, ?> fast = node.call("fast.where", Map.of(), Map.class).join();
            Map<?, ?> slow = node.call("slow.where", Map.of(), Map.class).join();

            assertThat(fast.get("thread")).isEqualTo(Thread.currentThread().getName());
            assertThat(fast.get("virtual")).isEqualTo(false);
            assertThat(slow.get("virtual")).isEqualTo(true);
        }
    }

    @Test
    void aNonBlockingHandlerStillFailsAndAnswersLaterLikeAnyOther() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", where("fast", true));

            assertThatThrownBy(() -> node.call("fast.fail", Map.of()).join())
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("refused");
            assertThat(node.call("fast.later", Map.of(), Integer.class).join()).isEqualTo(42);
        }
    }

    @Test
    void aNonBlockingHandlerServesRemoteCallsOnTheTransportersThread() {
        try (Mesh mesh = new Mesh()) {
            mesh.broker("server", where("fast", true), where("slow", false));
            ServiceBroker client = mesh.broker("client");
            Mesh.await(client, "fast", "slow");

            Map<?, ?> fast = client.call("fast.where", Map.of(), Map.class).join();
            Map<?, ?> slow = client.call("slow.where", Map.of(), Map.class).join();

            // memory:// hands the server its packets on one thread of its own, "memory-server"
            assertThat(fast.get("thread")).isEqualTo("memory-server");
            assertThat(slow.get("thread")).isNotEqualTo("memory-server");
            assertThatThrownBy(() -> client.call("fast.fail", Map.of()).join()).hasMessageContaining("refused");
        }
    }

    @Test
    void aNonBlockingEventHandlerRunsOnTheDeliveringThread() throws InterruptedException {
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(8);
        Service listener = Service.named("listener")
                .event(
                        "fast.*",
                        EventHandler.nonBlocking(
                                ctx -> seen.add("fast " + Thread.currentThread().isVirtual() + " "
                                        + Thread.currentThread().getName())))
                .event(
                        "slow.*",
                        ctx -> seen.add("slow " + Thread.currentThread().isVirtual()))
                .build();
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", listener);

            node.emit("fast.one", Map.of()).join();
            assertThat(seen.poll(5, TimeUnit.SECONDS))
                    .isEqualTo("fast false " + Thread.currentThread().getName());
            node.emit("slow.one", Map.of()).join();
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("slow true");
        }
    }

    @Test
    void aBulkheadPutsANonBlockingHandlerBackOnAVirtualThread() {
        try (Mesh mesh = new Mesh()) {
            ServiceBroker node = mesh.broker("solo", b -> b.bulkhead(BulkheadPolicy.of(2, 10)), where("fast", true));

            Map<?, ?> fast = node.call("fast.where", Map.of(), Map.class).join();

            assertThat(fast.get("virtual")).isEqualTo(true);
        }
    }
}
